using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PijarSemar.Claims.Data;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Coverage;

/// <summary>
/// Asks Billing again about the claims whose coverage check is due (<c>coverage_recheck_at</c>),
/// oldest first, a batch at a time, with the service's own token. A pass leases its batch in one
/// statement (<c>FOR UPDATE SKIP LOCKED</c>, then the due time moved a lease ahead), so replicas
/// never ask about one claim together, and a replica that dies mid-pass leaves its claims to
/// another once the lease runs out. Billing is asked with no lock held.
/// </summary>
public sealed partial class CoverageRecheck(
    IServiceScopeFactory scopes, IOptions<CoverageOptions> options, TimeProvider clock, ILogger<CoverageRecheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                full = await RunPassAsync(stoppingToken) == options.Value.BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(logger, e);
            }

            if (!full)
            {
                try
                {
                    await Task.Delay(options.Value.Interval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: leases the due claims and checks each; returns how many it took.</summary>
    public async Task<int> RunPassAsync(CancellationToken ct)
    {
        var due = await LeaseAsync(ct);
        foreach (var claimId in due)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<CoverageChecks>().RecheckAsync(claimId, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The lease keeps the claim due: it is tried again when the lease runs out.
                LogCheckFailed(logger, claimId, e);
            }
        }

        return due.Count;
    }

    private async Task<IReadOnlyList<Guid>> LeaseAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClaimsDbContext>();
        var now = SemarangTime.Now(clock);
        var leasedUntil = now + options.Value.Lease;
        var rows = await db.Database.SqlQuery<DueClaim>($"""
            WITH due AS (
                SELECT id, coverage_recheck_at FROM claims
                WHERE coverage_recheck_at <= {now}
                ORDER BY coverage_recheck_at
                LIMIT {options.Value.BatchSize}
                FOR UPDATE SKIP LOCKED)
            UPDATE claims SET coverage_recheck_at = {leasedUntil}
            FROM due WHERE claims.id = due.id
            RETURNING claims.id AS "Id", due.coverage_recheck_at AS "DueAt"
            """).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.DueAt).Select(r => r.Id)];
    }

    private sealed record DueClaim(Guid Id, DateTimeOffset DueAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "The coverage recheck pass failed; trying again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The coverage recheck of claim {ClaimId} failed; it is tried again when its lease runs out")]
    private static partial void LogCheckFailed(ILogger logger, Guid claimId, Exception error);
}
