using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts;
using PijarSemar.Funding.Data;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Funding.Allocations;

/// <summary>
/// A worker the registry took out of the program is funded up to the month of the effective date
/// and no longer: every allocation of theirs reaching past that month ends there (one that starts
/// later never takes effect), which frees its slot in the source from the month after.
/// </summary>
public sealed class DeactivatedWorkerFunding(FundingDbContext db, TimeProvider clock)
{
    /// <summary>Tracks the ended allocations, their events and audit entries; the caller's transaction saves them.</summary>
    public async Task<int> EndAsync(Guid workerId, DateOnly effectiveDate, string registryReason, CancellationToken ct)
    {
        var lastMonth = Period.FromDate(effectiveDate);
        var last = lastMonth.FirstDay;
        var allocations = await db.Allocations
            .FromSql($"SELECT * FROM allocations WHERE worker_id = {workerId} AND end_month > {last} ORDER BY start_month FOR UPDATE")
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var allocation in allocations)
        {
            var before = allocation.ToResponse();
            allocation.End(lastMonth, $"WorkerDeactivated:{registryReason}", CurrentActor.System, now);
            db.AddEvent(allocation.ToEndedEvent(), clock);
            db.Audit("allocation", allocation.Id, "Ended", CurrentActor.System, now, before, allocation.ToResponse());
        }

        return allocations.Count;
    }
}
