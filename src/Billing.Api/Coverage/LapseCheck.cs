using PijarSemar.ServiceDefaults.Time;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Billing.Coverage;

/// <summary>
/// Finds, in one statement, every run of consecutive unpaid billed months (gaps and islands over
/// invoice_lines) that lapsed: more than three months long, or its first month more than three
/// months before the current one. Each lapse is inserted into coverage_lapses keyed by worker and
/// first unpaid month, so a run checked again (tomorrow, by a second replica, or by finance) conflicts
/// and is told no second time; the events go through the outbox in the same transaction.
/// </summary>
public sealed partial class LapseCheck(BillingDbContext db, TimeProvider clock, ILogger<LapseCheck> logger)
{
    // Serialises checks across replicas; the key is this service's, no other lock uses it.
    private const long LockKey = 3374_0106;

    public async Task<LapseRunResponse> RunAsync(CancellationToken ct)
    {
        var current = SemarangTime.CurrentPeriod(clock);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
        var lapses = await db.Database.SqlQuery<LapseRow>($"""
            WITH unpaid AS (
                SELECT l.worker_id, l.period,
                       l.period - make_interval(months => (row_number() OVER (PARTITION BY l.worker_id ORDER BY l.period))::int) AS island
                FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                WHERE i.status <> 'Paid' AND l.period <= {current.FirstDay}
            ), runs AS (
                SELECT worker_id, min(period) AS first_unpaid, max(period) AS last_unpaid, count(*) AS months
                FROM unpaid GROUP BY worker_id, island
            ), lapsed AS (
                INSERT INTO coverage_lapses (worker_id, first_unpaid, lapsed_at)
                SELECT worker_id, first_unpaid, {now} FROM runs
                WHERE months > {CoverageRules.ArrearsMonths}
                   OR first_unpaid < {current.FirstDay} - make_interval(months => {CoverageRules.ArrearsMonths})
                ON CONFLICT (worker_id, first_unpaid) DO NOTHING
                RETURNING worker_id, first_unpaid
            )
            SELECT r.worker_id AS "WorkerId", r.first_unpaid AS "FirstUnpaid", r.last_unpaid AS "LastUnpaid"
            FROM lapsed JOIN runs r USING (worker_id, first_unpaid)
            """).ToListAsync(ct);
        foreach (var lapse in lapses)
        {
            db.AddEvent(new CoverageLapsed(lapse.WorkerId, Period.FromDate(lapse.FirstUnpaid), Period.FromDate(lapse.LastUnpaid), now), clock);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        LogChecked(logger, current, lapses.Count);
        return new LapseRunResponse(current.ToString(), lapses.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lapse check for {Period}: {Lapsed} new lapses")]
    private static partial void LogChecked(ILogger logger, Period period, int lapsed);

    private sealed record LapseRow(Guid WorkerId, DateOnly FirstUnpaid, DateOnly LastUnpaid);
}
