using System.Globalization;
using System.Text.RegularExpressions;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Domain;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>One reason a row was rejected, against the column (or <see cref="ImportRowValidator.RowField"/>) it concerns.</summary>
public readonly record struct FieldProblem(string Field, string Reason);

/// <summary>A row that passed every rule, or why it did not, in column order.</summary>
public readonly record struct RowOutcome(NewWorker? Worker, IReadOnlyList<FieldProblem> Problems);

/// <summary>
/// Reads one CSV row into a registration and checks it with the same <see cref="RegistrationValidator"/>
/// as a single registration. A value that cannot be read (a date, a yes/no, the number of values)
/// is reported against its field like any broken rule, never as a failure of the whole import.
/// </summary>
public sealed partial class ImportRowValidator(RegistrationValidator validator, ImportHeader header, DateOnly today)
{
    /// <summary>The field named when the row as a whole cannot be read.</summary>
    public const string RowField = "row";

    // ISO dates as the API takes them, and the day-first dates spreadsheets in Indonesian locales
    // write, with slashes or hyphens; a four-digit year keeps yyyy-MM-dd and dd-MM-yyyy apart.
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy"];

    // How Indonesian forms write sex: L(aki-laki) and P(erempuan), as on the KTP, or the API's names.
    private static readonly Dictionary<string, string> SexByCell = new(StringComparer.OrdinalIgnoreCase)
    {
        ["L"] = nameof(Sex.Male),
        ["Laki-laki"] = nameof(Sex.Male),
        ["Laki laki"] = nameof(Sex.Male),
        ["Lelaki"] = nameof(Sex.Male),
        ["Pria"] = nameof(Sex.Male),
        ["Male"] = nameof(Sex.Male),
        ["P"] = nameof(Sex.Female),
        ["Perempuan"] = nameof(Sex.Female),
        ["Wanita"] = nameof(Sex.Female),
        ["Female"] = nameof(Sex.Female),
    };

    /// <summary>The order in which a row's problems are reported: the row as a whole, then the columns.</summary>
    internal static readonly string[] FieldOrder = [RowField, .. Enum.GetValues<ImportColumn>().Select(ImportHeader.NameOf)];

    private static readonly Dictionary<string, int> OrderOfField = FieldOrder.Index().ToDictionary(f => f.Item, f => f.Index);

    public RowOutcome Validate(IReadOnlyList<string> fields, bool quoteLeftOpen)
    {
        if (quoteLeftOpen)
        {
            return Rejected(RowField, "A quoted value is never closed: the file ends inside quotes.");
        }

        // A spreadsheet leaves out the empty cells at the end of a row, or adds empty ones after the
        // header's last column: neither loses a value. A row with more values than that does.
        if (fields.Count > header.FieldCount && !fields.Skip(header.FieldCount).All(string.IsNullOrWhiteSpace))
        {
            return Rejected(RowField,
                $"Expected {header.FieldCount} values, as in the header, but found {fields.Count}; a value containing the separator must be in quotes.");
        }

        if (fields.Count < header.FieldCount)
        {
            fields = [.. fields, .. Enumerable.Repeat("", header.FieldCount - fields.Count)];
        }

        List<FieldProblem>? problems = null;
        var nik = header.ValueOf(fields, ImportColumn.Nik);
        if (nik is not null && SpreadsheetNumber().IsMatch(nik))
        {
            Add(ref problems, ImportColumn.Nik,
                "NIK was turned into a number by the spreadsheet, which loses digits: format the column as Text and enter the NIKs again.");
        }

        var birthDate = ReadDate(header.ValueOf(fields, ImportColumn.BirthDate), ref problems);
        var sex = ReadSex(header.ValueOf(fields, ImportColumn.Sex), ref problems);
        var p3keListed = ReadYesNo(header.ValueOf(fields, ImportColumn.P3keListed), ref problems);
        var request = new RegisterWorkerRequest(
            nik,
            header.ValueOf(fields, ImportColumn.FullName),
            birthDate,
            sex,
            header.ValueOf(fields, ImportColumn.Phone),
            header.ValueOf(fields, ImportColumn.Address),
            header.ValueOf(fields, ImportColumn.Kecamatan),
            header.ValueOf(fields, ImportColumn.Kelurahan),
            header.ValueOf(fields, ImportColumn.OccupationCode),

            // An unreadable p3keListed is already rejected; assuming "listed" keeps the validator from
            // adding an occupation complaint that may not apply once the operator corrects it.
            p3keListed ?? true,
            header.ValueOf(fields, ImportColumn.DomicileReason),
            header.ValueOf(fields, ImportColumn.OccupationText));

        var result = validator.Validate(request, today);
        if (result.IsValid && problems is null)
        {
            var worker = result.Worker!;
            return new RowOutcome(worker with { NikNeedsReview = Nik.MayHaveLostLastDigit(worker.Nik) }, []);
        }

        problems ??= [];
        foreach (var (field, messages) in result.Errors)
        {
            // A value that could not be read is reported once, with the reason it could not be read.
            if (!problems.Exists(problem => problem.Field == field))
            {
                problems.Add(new FieldProblem(field, string.Join(" ", messages)));
            }
        }

        problems.Sort((a, b) => Order(a.Field).CompareTo(Order(b.Field)));
        return new RowOutcome(null, problems);
    }

    private static DateOnly? ReadDate(string? value, ref List<FieldProblem>? problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Add(ref problems, ImportColumn.BirthDate, "Birth date must be a date written yyyy-MM-dd or dd/MM/yyyy or dd-MM-yyyy, e.g. 1985-07-23, 23/07/1985 or 23-07-1985.");
        return null;
    }

    /// <summary>Male or Female; empty stays empty, for the validator to require; an unreadable value is reported here.</summary>
    private static string? ReadSex(string? value, ref List<FieldProblem>? problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (SexByCell.TryGetValue(value.Trim(), out var sex))
        {
            return sex;
        }

        Add(ref problems, ImportColumn.Sex, "Sex must be L or P, Laki-laki or Perempuan, or Male or Female.");
        return value;
    }

    /// <summary>true/false, ya/tidak, 1/0 in any case; empty means not listed. Null when unreadable.</summary>
    private static bool? ReadYesNo(string? value, ref List<FieldProblem>? problems)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || text == "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase)
            || text.Equals("tidak", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("ya", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Add(ref problems, ImportColumn.P3keListed, "p3keListed must be true/false, ya/tidak or 1/0 (empty means false).");
        return null;
    }

    private static void Add(ref List<FieldProblem>? problems, ImportColumn column, string reason) =>
        (problems ??= []).Add(new FieldProblem(ImportHeader.NameOf(column), reason));

    private static RowOutcome Rejected(string field, string reason) => new(null, [new FieldProblem(field, reason)]);

    // A field the validator may name in future and the file has no column for goes last.
    private static int Order(string field) => OrderOfField.TryGetValue(field, out var order) ? order : int.MaxValue;

    /// <summary>What a spreadsheet shows after reading a long digit string as a number, e.g. 3.37401E+15.</summary>
    [GeneratedRegex(@"^\s*\d([.,]\d+)?[eE]\+?\d+\s*$")]
    private static partial Regex SpreadsheetNumber();
}
