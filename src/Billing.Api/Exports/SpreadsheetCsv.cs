using System.Text;

namespace PijarSemar.Billing.Exports;

/// <summary>
/// CSV cells safe to open in a spreadsheet: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or carriage return is prefixed with <c>'</c> so it is never run as a formula
/// (OWASP CSV injection), and every cell is quoted per RFC 4180 (quotes doubled), so commas,
/// quotes and line breaks in names survive the round trip.
/// </summary>
public static class SpreadsheetCsv
{
    public static string Cell(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Record(params string[] cells)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            line.Append(i == 0 ? "" : ",").Append(Cell(cells[i]));
        }

        return line.Append("\r\n").ToString();
    }
}
