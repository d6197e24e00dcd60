using PijarSemar.ServiceDefaults.Csv;
using Xunit;

namespace PijarSemar.Registry.Tests.WorkerImports;

/// <summary>The formula guard of every CSV the system writes (OWASP CSV injection), without a server.</summary>
public sealed class CsvFormulaTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+6281234567890", "'+6281234567890")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("Siti Rahayu", "Siti Rahayu")]
    [InlineData("O'Brien", "O'Brien")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public async Task A_value_that_starts_like_a_formula_is_written_after_an_apostrophe(string value, string written)
    {
        await using var text = new StringWriter();

        await new CsvWriter(text, ',').WriteRecordAsync([value]);

        Assert.Equal(written + "\r\n", text.ToString());
    }

    [Fact]
    public async Task A_neutralised_value_that_needs_quotes_is_quoted_with_its_apostrophe_inside()
    {
        await using var text = new StringWriter();

        await new CsvWriter(text, ';').WriteRecordAsync(["=HYPERLINK(\"x\";\"y\")", "ok"]);

        Assert.Equal("\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\";ok\r\n", text.ToString());
    }

    [Theory]
    [InlineData("'=1+1", "=1+1")]
    [InlineData("'+62812", "+62812")]
    [InlineData("'-5", "-5")]
    [InlineData("'@x", "@x")]
    [InlineData("'Siti", "'Siti")]
    [InlineData("'", "'")]
    [InlineData("=1", "=1")]
    public void Restoring_takes_off_only_the_apostrophe_the_guard_adds(string read, string restored) =>
        Assert.Equal(restored, CsvFormulas.Restore(read));

    [Fact]
    public void Restoring_a_row_without_apostrophes_returns_the_same_list()
    {
        string[] fields = ["3374", "Siti", "+62"];

        Assert.Same(fields, CsvFormulas.Restore(fields));
        Assert.Equal(["=x", "Siti"], CsvFormulas.Restore(["'=x", "Siti"]));
    }
}
