using System.Text;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Billing.Payments;

/// <summary>
/// A bank's or BPJS's payment file: RFC 4180 CSV with the header <c>invoice,amount,reference</c>
/// (any order, case-insensitive; <c>;</c> also accepted as separator). The whole file is read before
/// any row is applied, so a file that cannot be read (no header, an unclosed quote, too big) is a
/// 400 naming <c>file</c> and changes nothing.
/// </summary>
public static class PaymentFile
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 20_000;

    private static readonly string[] Columns = ["invoice", "amount", "reference"];

    /// <summary>The data rows, each as its (1-based, header excluded) row number and the three cells in header order.</summary>
    public static IReadOnlyList<(int Row, string Invoice, string Amount, string Reference)> Parse(string text)
    {
        var records = Records(text.TrimStart('\uFEFF'));
        if (records.Count == 0)
        {
            throw Unreadable("The file is empty; it needs the header invoice,amount,reference.");
        }

        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var index = Columns.Select(c => header.IndexOf(c)).ToArray();
        if (index.Any(i => i < 0))
        {
            throw Unreadable("The first line must name the columns invoice, amount and reference.");
        }

        var rows = new List<(int, string, string, string)>();
        for (var r = 1; r < records.Count; r++)
        {
            var cells = records[r];
            if (cells.TrueForAll(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            string Cell(int i) => i < cells.Count ? cells[i].Trim() : "";
            rows.Add((r, Cell(index[0]), Cell(index[1]), Cell(index[2])));
        }

        return rows.Count > MaxRows ? throw Unreadable($"The file has more than {MaxRows} rows; split it.") : rows;
    }

    private static List<List<string>> Records(string text)
    {
        var separator = FirstLine(text).Contains(';', StringComparison.Ordinal) && !FirstLine(text).Contains(',', StringComparison.Ordinal) ? ';' : ',';
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(cell.ToString());
                cell.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            throw Unreadable("A quoted cell is never closed.");
        }

        if (cell.Length > 0 || record.Count > 0)
        {
            record.Add(cell.ToString());
            records.Add(record);
        }

        return records;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static RequestValidationException Unreadable(string reason) => RequestValidationException.For("file", reason);
}
