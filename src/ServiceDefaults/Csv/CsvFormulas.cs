namespace PijarSemar.ServiceDefaults.Csv;

/// <summary>
/// CSV injection: a spreadsheet runs a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>,
/// a tab or a carriage return as a formula (OWASP "CSV Injection"). Every CSV the system writes
/// puts an apostrophe before such a value, which spreadsheets show as text and do not display;
/// a file of ours uploaded again has the apostrophe taken off before its values are read.
/// </summary>
public static class CsvFormulas
{
    public static bool StartsLikeFormula(ReadOnlySpan<char> value) => value is ['=' or '+' or '-' or '@' or '\t' or '\r', ..];

    /// <summary>The value as written into a CSV file: an apostrophe before it when it starts like a formula.</summary>
    public static string Neutralise(string value) => StartsLikeFormula(value) ? "'" + value : value;

    /// <summary>The value as it was before <see cref="Neutralise"/>: the apostrophe it added is taken off.</summary>
    public static string Restore(string value) =>
        value.Length > 1 && value[0] == '\'' && StartsLikeFormula(value.AsSpan(1)) ? value[1..] : value;

    /// <summary>The fields with <see cref="Restore"/> applied; the same list when none needed it.</summary>
    public static IReadOnlyList<string> Restore(IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].StartsWith('\''))
            {
                return [.. fields.Select(Restore)];
            }
        }

        return fields;
    }
}
