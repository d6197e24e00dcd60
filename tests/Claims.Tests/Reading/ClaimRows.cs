using Npgsql;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Tests.Reading;

/// <summary>One move of a seeded claim after its filing.</summary>
public sealed record SeededMove(string To, DateTimeOffset At, string? Note = null, long? Amount = null, string Actor = "officer-2");

/// <summary>One coverage check of a seeded claim; <see cref="Failure"/> goes with an Unknown status.</summary>
public sealed record SeededCheck(DateTimeOffset At, string Status, string? Failure = null, string By = "officer-1");

/// <summary>
/// A claim as the filing and workflow endpoints would have left it, written straight into the
/// tables: the reading endpoints are tested on rows whose every timestamp the test chose.
/// The status, status change, closing and amounts follow from <see cref="Moves"/>; the coverage
/// columns from the last of <see cref="Checks"/>; every checklist row of the type is written,
/// received as <see cref="Received"/> says.
/// </summary>
public sealed record SeededClaim
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid WorkerId { get; init; } = Guid.NewGuid();
    public string Type { get; init; } = ClaimType.Jkk;
    public DateOnly IncidentDate { get; init; } = new(2026, 10, 1);
    public string? Kecamatan { get; init; } = "Tugu";

    /// <summary>The invoice that billed the incident's month, named by every Covered check.</summary>
    public Guid InvoiceId { get; init; } = Guid.NewGuid();
    public DateTimeOffset SubmittedAt { get; init; } = ClaimRows.JakartaNoon(daysAgo: 1);
    public IReadOnlyList<SeededMove> Moves { get; init; } = [];
    public IReadOnlyList<SeededCheck>? Checks { get; init; }
    public IReadOnlyDictionary<string, DateTimeOffset> Received { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>Write no checklist rows at all, as a claim filed before the checklist existed would have none.</summary>
    public bool WithoutChecklistRows { get; init; }

    public string Status => Moves.Count == 0 ? ClaimStatus.Submitted : Moves[^1].To;

    public IReadOnlyList<SeededCheck> CoverageChecks => Checks ?? [new(SubmittedAt, CoverageStatus.Covered)];
}

public static class ClaimRows
{
    private static long _nextCheckId = 1_000_000;

    /// <summary>Noon in Semarang <paramref name="daysAgo"/> calendar days before today there: far from any day boundary.</summary>
    public static DateTimeOffset JakartaNoon(int daysAgo)
    {
        var day = SemarangTime.Today(TimeProvider.System).AddDays(-daysAgo);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), SemarangTime.Offset);
    }

    public static async Task<SeededClaim> InsertAsync(string connectionString, SeededClaim claim)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var last = claim.Moves.Count == 0 ? null : claim.Moves[^1];
        var coverage = claim.CoverageChecks[^1];
        await ExecuteAsync(connection, transaction,
            """
            INSERT INTO claims (id, worker_id, type, status, incident_date, description, submitted_at, location, reported_by, filed_by,
                                kecamatan, status_changed_at, closed_at, approved_amount, paid_amount, version,
                                coverage_status, coverage_period, coverage_invoice_id, coverage_checked_at, coverage_recheck_at)
            VALUES (@id, @worker, @type, @status, @incident, 'fell from a becak on the way to the market', @submitted, 'Jl. Pemuda',
                    'his wife', 'officer-1', @kecamatan, @changed, @closed, @approved, @paid, @version, @coverage, @period, @invoice, @checked, @recheck)
            """,
            ("id", claim.Id), ("worker", claim.WorkerId), ("type", claim.Type), ("status", claim.Status), ("incident", claim.IncidentDate),
            ("submitted", claim.SubmittedAt), ("kecamatan", claim.Kecamatan), ("changed", last?.At ?? claim.SubmittedAt),
            ("closed", ClaimStatus.IsOpen(claim.Status) ? null : last!.At),
            ("approved", claim.Moves.LastOrDefault(m => m.To == ClaimStatus.Approved)?.Amount),
            ("paid", claim.Moves.LastOrDefault(m => m.To == ClaimStatus.Paid)?.Amount),
            ("version", 1L + claim.Moves.Count), ("coverage", coverage.Status), ("period", PeriodOf(claim, coverage)),
            ("invoice", InvoiceOf(claim, coverage)), ("checked", coverage.At),
            ("recheck", coverage.Status == CoverageStatus.Unknown ? coverage.At.AddSeconds(30) : null));

        // Newest first, so that a reader relying on the order rows happen to come back in shows them wrong.
        var from = ClaimStatus.Submitted;
        var transitions = new List<(int Seq, string? From, string To, string? Note, long? Amount, string Actor, DateTimeOffset At)>
        {
            (1, null, ClaimStatus.Submitted, null, null, "officer-1", claim.SubmittedAt),
        };
        foreach (var (move, seq) in claim.Moves.Select((m, i) => (m, i + 2)))
        {
            transitions.Add((seq, from, move.To, move.Note, move.Amount, move.Actor, move.At));
            from = move.To;
        }

        foreach (var t in Enumerable.Reverse(transitions))
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO claim_transitions (claim_id, seq, from_status, to_status, note, amount, actor, at) VALUES (@claim, @seq, @from, @to, @note, @amount, @actor, @at)",
                ("claim", claim.Id), ("seq", t.Seq), ("from", t.From), ("to", t.To), ("note", t.Note), ("amount", t.Amount), ("actor", t.Actor), ("at", t.At));
        }

        // Ids in the order the checks were made, rows written newest first (as the transitions above).
        var firstId = Interlocked.Add(ref _nextCheckId, claim.CoverageChecks.Count) - claim.CoverageChecks.Count;
        foreach (var (check, index) in claim.CoverageChecks.Select((c, i) => (c, i)).Reverse())
        {
            await ExecuteAsync(connection, transaction,
                """
                INSERT INTO claim_coverage_checks (id, claim_id, checked_at, checked_by, status, period, invoice_id, failure)
                OVERRIDING SYSTEM VALUE
                VALUES (@id, @claim, @at, @by, @status, @period, @invoice, @failure)
                """,
                ("id", firstId + index), ("claim", claim.Id), ("at", check.At), ("by", check.By), ("status", check.Status),
                ("period", PeriodOf(claim, check)), ("invoice", InvoiceOf(claim, check)), ("failure", check.Failure));
        }

        if (!claim.WithoutChecklistRows)
        {
            foreach (var document in Enumerable.Reverse(DocumentChecklist.For(claim.Type)))
            {
                var received = claim.Received.TryGetValue(document.Code, out var at);
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO claim_documents (claim_id, code, received_at, received_by, reference) VALUES (@claim, @code, @at, @by, @reference)",
                    ("claim", claim.Id), ("code", document.Code), ("at", received ? at : null), ("by", received ? "officer-3" : null),
                    ("reference", received ? $"https://arsip.semarangkota.go.id/klaim/{claim.Id:N}/{document.Code}" : null));
            }
        }

        await transaction.CommitAsync();
        return claim;
    }

    /// <summary>The month Billing answered for: the incident's, unless Billing could not answer.</summary>
    private static DateOnly? PeriodOf(SeededClaim claim, SeededCheck check) =>
        check.Status == CoverageStatus.Unknown ? null : new DateOnly(claim.IncidentDate.Year, claim.IncidentDate.Month, 1);

    private static Guid? InvoiceOf(SeededClaim claim, SeededCheck check) => check.Status == CoverageStatus.Covered ? claim.InvoiceId : null;

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            // timestamptz parameters are written in UTC; the instant is the same.
            command.Parameters.AddWithValue(name, value is DateTimeOffset instant ? instant.ToUniversalTime() : value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
