using PijarSemar.Billing.Exports;
using PijarSemar.Billing.Payments;
using Xunit;

namespace PijarSemar.Billing.Tests.Payments;

public sealed class SpreadsheetCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+62", "'+62")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("Siti \"Ani\", Semarang", "Siti \"Ani\", Semarang")]
    public void A_cell_that_a_spreadsheet_would_run_is_prefixed_and_every_cell_survives_a_round_trip(string name, string expected)
    {
        var csv = SpreadsheetCsv.Record("invoice", "amount", "reference") + SpreadsheetCsv.Record("x", "16800", name);

        var row = Assert.Single(PaymentFile.Parse(csv));

        Assert.Equal(expected, row.Reference);
    }

    [Fact]
    public void A_name_with_a_quote_and_an_equals_sign_is_quoted_and_doubled() =>
        Assert.Equal("\"'=Dewi \"\"Ibu\"\" Sari\"", SpreadsheetCsv.Cell("=Dewi \"Ibu\" Sari"));
}
