using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Csv;

namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// Imports a civil-servant roster (CSV: nip, name, unit and optionally type, Asn when empty) in
/// one request: every row is checked in C# with the rules of a single registration, the good ones
/// are copied into a staging table and applied with one statement, with an audit entry per
/// sponsor changed and one for the import. A file that cannot be read as a roster is refused
/// with nothing written; a bad row is reported and skipped.
/// </summary>
public sealed partial class SponsorRosterImport(NpgsqlDataSource dataSource, SemarangClock clock, ILogger<SponsorRosterImport> logger)
{
    /// <summary>Far above the city's roster (about 16,000 civil servants, some 1.5 MB), far below what would strain memory.</summary>
    public const long MaxUploadBytes = 16 * 1024 * 1024;

    public const string RowField = "row";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<RosterOutcome> ImportAsync(Stream body, string actor, CancellationToken ct)
    {
        List<RosterRow> accepted;
        List<RosterRejectedRow> rejected;
        try
        {
            using var text = new StreamReader(body, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
            var csv = await CsvReader.OpenAsync(text, ct);
            if (!await csv.ReadAsync(ct) || csv.IsBlank)
            {
                return RosterOutcome.Refused("The file is empty.", $"The first row must be the header: {RosterHeader.ColumnList}.");
            }

            var (header, errors) = RosterHeader.Parse(csv.Fields);
            if (header is null)
            {
                return RosterOutcome.Refused(
                    "The header row is not valid.", $"The first row must name the columns: {RosterHeader.ColumnList}.", errors);
            }

            (accepted, rejected) = await CheckRowsAsync(csv, header, ct);
        }
        catch (DecoderFallbackException)
        {
            return RosterOutcome.Refused("The file is not UTF-8 text.", "Save the spreadsheet as \"CSV UTF-8 (comma delimited)\" and upload that file.");
        }
        catch (CsvRecordTooLongException e)
        {
            return RosterOutcome.Refused(
                "A row is too long.",
                $"Row {e.RecordNumber} is longer than {CsvReader.MaxRecordLength:N0} characters; a quote that is opened and never closed usually causes this.");
        }

        if (accepted.Count + rejected.Count == 0)
        {
            return RosterOutcome.Refused("The file has no data rows.", "The file has a header but no civil servant below it.");
        }

        var importId = Guid.CreateVersion7(clock.Now);
        var (created, updated) = accepted.Count > 0 ? await ApplyAsync(importId, accepted, rejected.Count, actor, ct) : (0, 0);
        var result = new RosterImportResponse(
            importId, accepted.Count + rejected.Count, created, updated, accepted.Count - created - updated, rejected.Count, rejected);
        LogImported(logger, importId, result.Rows, created, updated, rejected.Count);
        return new RosterOutcome(result, null);
    }

    private async Task<(List<RosterRow> Accepted, List<RosterRejectedRow> Rejected)> CheckRowsAsync(
        CsvReader csv, RosterHeader header, CancellationToken ct)
    {
        var today = clock.Today;
        var accepted = new List<RosterRow>();
        var rejected = new List<RosterRejectedRow>();
        var firstRowOfNip = new Dictionary<string, int>(StringComparer.Ordinal);
        var now = clock.Now;
        while (await csv.ReadAsync(ct))
        {
            if (csv.IsBlank)
            {
                continue;
            }

            var row = csv.RecordNumber;
            var problems = Check(csv.Fields, csv.QuoteLeftOpen, header, today, out var sponsor);
            if (sponsor is not null && firstRowOfNip.TryGetValue(sponsor.Identifier, out var first))
            {
                problems = [new(RosterHeader.NameOf(RosterColumn.Nip), $"Duplicate of row {first}, which has the same NIP; only the first is imported.")];
            }

            if (problems.Count > 0)
            {
                rejected.Add(new RosterRejectedRow(row, [.. problems.Select(p => new RosterRejectedField(p.Field, p.Reason))]));
                continue;
            }

            firstRowOfNip[sponsor!.Identifier] = row;
            accepted.Add(new RosterRow(row, Guid.CreateVersion7(now), sponsor));
        }

        return (accepted, rejected);
    }

    private static List<SponsorProblem> Check(
        IReadOnlyList<string> fields, bool quoteLeftOpen, RosterHeader header, DateOnly today, out NewSponsor? sponsor)
    {
        sponsor = null;
        if (quoteLeftOpen)
        {
            return [new(RowField, "A quoted value is never closed: the file ends inside quotes.")];
        }

        if (fields.Count != header.FieldCount)
        {
            return [new(RowField,
                $"Expected {header.FieldCount} values, as in the header, but found {fields.Count}; a value containing the separator must be in quotes.")];
        }

        var nip = header.ValueOf(fields, RosterColumn.Nip);
        if (nip is not null && SpreadsheetNumber().IsMatch(nip))
        {
            return [new(RosterHeader.NameOf(RosterColumn.Nip),
                "NIP was turned into a number by the spreadsheet, which loses digits: format the column as Text and enter the NIPs again.")];
        }

        var type = header.ValueOf(fields, RosterColumn.Type);
        type = string.IsNullOrWhiteSpace(type) ? nameof(SponsorType.Asn) : type;
        if (string.Equals(type.Trim(), nameof(SponsorType.Company), StringComparison.OrdinalIgnoreCase))
        {
            return [new(RosterHeader.NameOf(RosterColumn.Type), "A roster lists civil servants: type is Asn or Pppk (empty means Asn).")];
        }

        var (checkedSponsor, problems) = SponsorRules.Check(type, nip, header.ValueOf(fields, RosterColumn.Name), header.ValueOf(fields, RosterColumn.Unit), today);
        sponsor = checkedSponsor;

        // The rules name the JSON field; the roster names its column.
        return [.. problems.Select(p => p.Field == "identifier" ? p with { Field = RosterHeader.NameOf(RosterColumn.Nip) } : p)];
    }

    private async Task<(int Created, int Updated)> ApplyAsync(
        Guid importId, List<RosterRow> rows, int rejected, string actor, CancellationToken ct)
    {
        var now = clock.Now;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var create = connection.Command(SponsorRosterSql.CreateStaging, transaction))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(SponsorRosterSql.CopyStaging, ct))
        {
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row.RowNo, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(row.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(row.Sponsor.Type.ToString(), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Sponsor.Identifier, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Sponsor.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(row.Sponsor.Unit!, NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        await using (var analyze = connection.Command(SponsorRosterSql.AnalyzeStaging, transaction))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        int created, updated;
        await using (var apply = connection.Command(SponsorRosterSql.Apply, transaction, ("now", now), ("actor", actor)))
        await using (var reader = await apply.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (created, updated) = (reader.GetInt32(0), reader.GetInt32(1));
        }

        // The import itself is audited only when it changed something: an audit entry records a change.
        if (created + updated > 0)
        {
            var summary = new RosterImportSummary(rows.Count + rejected, created, updated, rows.Count - created - updated, rejected);
            await connection.AuditAsync(transaction, AuditEntry.Of<RosterImportSummary>("sponsor-roster", importId, "Imported", actor, now, null, summary), ct);
        }

        await transaction.CommitAsync(ct);
        return (created, updated);
    }

    // What a spreadsheet writes for a long number it has converted: 1.98503E+17, or 198503122010011000 rounded.
    [GeneratedRegex(@"^\s*\d+([.,]\d+)?[eE]\+?\d+\s*$")]
    private static partial Regex SpreadsheetNumber();

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sponsor roster {ImportId}: {Rows} rows, {Created} created, {Updated} updated, {Rejected} rejected")]
    private static partial void LogImported(ILogger logger, Guid importId, int rows, int created, int updated, int rejected);

    private sealed record RosterRow(int RowNo, Guid Id, NewSponsor Sponsor);

    private sealed record RosterImportSummary(int Rows, int Created, int Updated, int Unchanged, int Rejected);
}

/// <summary>A roster imported (with its counts and rejected rows), or why the file was refused.</summary>
public sealed record RosterOutcome(RosterImportResponse? Result, RosterRefusal? Refusal)
{
    /// <summary>A refusal names the header when the header is wrong, the body (the file as a whole) otherwise.</summary>
    public static RosterOutcome Refused(string title, string detail, IReadOnlyList<string>? headerErrors = null) =>
        new(null, new RosterRefusal(title, detail, headerErrors is null
            ? new Dictionary<string, string[]> { ["body"] = [detail] }
            : new Dictionary<string, string[]> { ["header"] = [.. headerErrors] }));
}

public sealed record RosterRefusal(string Title, string Detail, IDictionary<string, string[]> Errors);
