using System.Buffers;

namespace PijarSemar.ServiceDefaults.Csv;

/// <summary>Writes RFC 4180 records, quoting only the values that need it, with CRLF line ends as spreadsheets write them.</summary>
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
            await writer.WriteAsync(value.AsSpan().ContainsAny(_needsQuotes)
                ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
                : value);
        }

        await writer.WriteAsync("\r\n");
    }
}
