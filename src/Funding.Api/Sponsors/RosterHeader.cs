namespace PijarSemar.Funding.Sponsors;

/// <summary>The columns of a civil-servant roster file, as the HR office (BKPP) sends it.</summary>
public enum RosterColumn
{
    Nip,
    Name,
    Unit,
    Type,
}

/// <summary>Where each roster column sits, read from the header row (names case-insensitive, any order; type optional).</summary>
public sealed class RosterHeader
{
    private static readonly RosterColumn[] Required = [RosterColumn.Nip, RosterColumn.Name, RosterColumn.Unit];

    private readonly int[] _positions;

    private RosterHeader(int fieldCount, int[] positions)
    {
        FieldCount = fieldCount;
        _positions = positions;
    }

    /// <summary>How many values every data row must have.</summary>
    public int FieldCount { get; }

    public static string NameOf(RosterColumn column) => column.ToString().ToLowerInvariant();

    public static string ColumnList => string.Join(",", Enum.GetValues<RosterColumn>().Select(NameOf));

    /// <summary>The row's value for the column; null when the file has no such column.</summary>
    public string? ValueOf(IReadOnlyList<string> fields, RosterColumn column) =>
        _positions[(int)column] is var position and >= 0 ? fields[position] : null;

    /// <summary>Reads the header row; on failure, says which columns are missing, unknown or repeated.</summary>
    public static (RosterHeader? Header, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> names)
    {
        var positions = Enumerable.Repeat(-1, Enum.GetValues<RosterColumn>().Length).ToArray();
        var errors = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();

            // Spreadsheets add unnamed columns after the data; their cells are ignored.
            if (name.Length == 0)
            {
                continue;
            }

            var column = Enum.GetValues<RosterColumn>().Cast<RosterColumn?>()
                .FirstOrDefault(c => string.Equals(NameOf(c!.Value), name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                errors.Add($"Unknown column \"{(name.Length > 40 ? name[..40] + "…" : name)}\"; expected {ColumnList}.");
            }
            else if (positions[(int)column] >= 0)
            {
                errors.Add($"Column {NameOf(column.Value)} is given more than once.");
            }
            else
            {
                positions[(int)column] = i;
            }
        }

        var missing = Required.Where(column => positions[(int)column] < 0).Select(NameOf).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"Missing required column(s): {string.Join(", ", missing)}.");
        }

        if (errors.Count > 0 && names.Any(name => Nip.Normalize(name.Trim()) is { Length: Nip.Length } nip && nip.All(char.IsAsciiDigit)))
        {
            errors.Add($"The first row must be the header ({ColumnList}); this one looks like a civil servant.");
        }

        return errors.Count > 0 ? (null, errors) : (new RosterHeader(names.Count, positions), errors);
    }
}
