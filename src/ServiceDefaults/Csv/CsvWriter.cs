using System.Buffers;

namespace PijarSemar.ServiceDefaults.Csv;

/// <summary>
/// Writes RFC 4180 records, quoting only the values that need it, with CRLF line ends as
/// spreadsheets write them. A value that a spreadsheet would run as a formula is neutralised
/// (<see cref="CsvFormulas"/>), whoever wrote it: a name typed as <c>=HYPERLINK(…)</c> opens as text.
/// </summary>
public sealed class CsvWriter(TextWriter writer, char separator)
{
    private readonly SearchValues<char> _needsQuotes = SearchValues.Create([separator, '"', '\r', '\n']);

    public async Task WriteRecordAsync(IEnumerable<string> values)
    {
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                await writer.WriteAsync(separator);
            }

            first = false;
            var safe = CsvFormulas.Neutralise(value);
            await writer.WriteAsync(safe.AsSpan().ContainsAny(_needsQuotes)
                ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
                : safe);
        }

        await writer.WriteAsync("\r\n");
    }
}
