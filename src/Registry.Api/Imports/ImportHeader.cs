namespace PijarSemar.Registry.WorkerImports;

/// <summary>The columns an import file may have, named as the fields of a single registration.</summary>
public enum ImportColumn
{
    Nik,
    FullName,
    BirthDate,
    Sex,
    Phone,
    Address,
    Kecamatan,
    Kelurahan,
    OccupationCode,
    P3keListed,
    DomicileReason,
    OccupationText,
}

/// <summary>Where each column sits in one uploaded file, read from its header row (names case-insensitive, any order).</summary>
public sealed class ImportHeader
{
    public static readonly IReadOnlyList<ImportColumn> Required =
        [ImportColumn.Nik, ImportColumn.FullName, ImportColumn.BirthDate, ImportColumn.Sex, ImportColumn.Kecamatan];

    /// <summary>The columns a rejected-rows download adds; ignored on upload, so a corrected download can be sent back as it is.</summary>
    public static readonly IReadOnlyList<string> ReportColumns = ["row", "field", "reason"];

    /// <summary>The running number offices put in the first column of a list; its cells are ignored.</summary>
    public static readonly IReadOnlyList<string> RowNumberColumns = ["No", "No.", "Nomor", "Nomer"];

    private const int MaxNameInMessage = 40;

    private static readonly IReadOnlyList<string> AllNames = [.. Enum.GetValues<ImportColumn>().Select(NameOf)];

    private static readonly Dictionary<string, ImportColumn> ColumnsByName = Enum.GetValues<ImportColumn>()
        .ToDictionary(NameOf, column => column, StringComparer.OrdinalIgnoreCase);

    private readonly int[] _positions;

    private ImportHeader(IReadOnlyList<string> names, int[] positions)
    {
        Names = names;
        _positions = positions;
    }

    /// <summary>The header exactly as uploaded.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>How many values every data row must have.</summary>
    public int FieldCount => Names.Count;

    /// <summary>camelCase, as in the JSON of a single registration and in rejection reports.</summary>
    public static string NameOf(ImportColumn column)
    {
        var name = column.ToString();
        return string.Concat(char.ToLowerInvariant(name[0]).ToString(), name[1..]);
    }

    /// <summary>The row's value for the column; null when the file has no such column.</summary>
    public string? ValueOf(IReadOnlyList<string> fields, ImportColumn column) =>
        _positions[(int)column] is var position and >= 0 ? fields[position] : null;

    /// <summary>Reads the header row; on failure, says which columns are missing, unknown or repeated.</summary>
    public static HeaderResult Parse(IReadOnlyList<string> names)
    {
        var positions = Enumerable.Repeat(-1, ColumnsByName.Count).ToArray();
        var unknown = new List<string>();
        var repeated = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();

            // Spreadsheets add unnamed columns after the data, and office lists start with a running number; their cells are ignored.
            if (name.Length == 0
                || ReportColumns.Contains(name, StringComparer.OrdinalIgnoreCase)
                || RowNumberColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!ColumnsByName.TryGetValue(name, out var column))
            {
                unknown.Add(name.Length > MaxNameInMessage ? name[..MaxNameInMessage] + "…" : name);
            }
            else if (positions[(int)column] >= 0)
            {
                repeated.Add(name);
            }
            else
            {
                positions[(int)column] = i;
            }
        }

        var missing = Required.Where(column => positions[(int)column] < 0).Select(NameOf).ToList();
        var errors = new List<string>();
        if (missing.Count > 0)
        {
            errors.Add($"Missing required column(s): {string.Join(", ", missing)}.");
        }

        if (unknown.Count > 0)
        {
            errors.Add($"Unknown column(s): {string.Join(", ", unknown)}. Expected: {string.Join(", ", AllNames)}.");
        }

        if (repeated.Count > 0)
        {
            errors.Add($"Column(s) given more than once: {string.Join(", ", repeated)}.");
        }

        if (errors.Count > 0 && names.Any(name => Domain.Nik.HasValidShape(name.Trim())))
        {
            errors.Add("The first row must be the header (nik,fullName,birthDate,…); this one looks like a worker.");
        }

        return errors.Count > 0
            ? new HeaderResult(null, errors)
            : new HeaderResult(new ImportHeader([.. names], positions), []);
    }
}

/// <summary>The header, or what is wrong with it: missing, unknown or repeated columns.</summary>
public sealed record HeaderResult(ImportHeader? Header, IReadOnlyList<string> Errors);
