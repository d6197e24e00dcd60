using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests;

public sealed class KeysetPageTests
{
    [Fact]
    public void The_cursor_of_a_page_reads_back_as_the_position_of_its_last_row()
    {
        var page = KeysetPage.From([10L, 20L, 30L], 2, "claims", row => row.ToString(System.Globalization.CultureInfo.InvariantCulture), row => row);

        Assert.Equal(["10", "20"], page.Items);
        Assert.Equal(20L, KeysetPage.Position(page.NextCursor, "claims"));
        Assert.DoesNotContain("20", page.NextCursor!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_page_has_no_cursor_and_no_cursor_means_the_first_page()
    {
        var page = KeysetPage.From([10L, 20L], 2, "claims", row => row, row => row);

        Assert.Null(page.NextCursor);
        Assert.Null(KeysetPage.Position(null, "claims"));
        Assert.Null(KeysetPage.Position("", "claims"));
    }

    [Fact]
    public void A_text_position_round_trips()
    {
        var cursor = KeysetPage.CursorFor("tariffs", "2026-01");

        Assert.Equal("2026-01", KeysetPage.Key(cursor, "tariffs"));
    }

    [Theory]
    [InlineData("!!!")]
    [InlineData("abc")]
    [InlineData("5")]
    [InlineData("MXx3b3JrZXJzfDU")] // 1|workers|5: another list
    [InlineData("MnxjbGFpbXN8NQ")] // 2|claims|5: another format version
    [InlineData("MXxjbGFpbXx8NQ")] // 1|claim||5: a separator too many
    [InlineData("MXxjbGFpbXN8LTE")] // 1|claims|-1
    [InlineData("MXxjbGFpbXN8")] // 1|claims|
    public void Anything_but_a_cursor_of_this_list_is_a_validation_error_naming_cursor(string cursor)
    {
        var error = Assert.Throws<RequestValidationException>(() => KeysetPage.Position(cursor, "claims"));

        Assert.Equal(["cursor"], error.Errors.Keys);
    }

    [Fact]
    public void An_overlong_cursor_is_refused_without_decoding_it()
    {
        var error = Assert.Throws<RequestValidationException>(() => KeysetPage.Key(new string('A', 100_000), "claims"));

        Assert.Equal(["cursor"], error.Errors.Keys);
    }
}
