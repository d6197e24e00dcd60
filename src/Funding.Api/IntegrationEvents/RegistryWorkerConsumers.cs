using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Events;
using PijarSemar.Funding.Allocations;
using PijarSemar.Funding.Data;

namespace PijarSemar.Funding.IntegrationEvents;

/// <summary>
/// Keeps <c>registry_workers</c> in step with the registry. Events about one worker may arrive in
/// any order, so the status changes only when an event's version is higher than the stored one;
/// the messaging pipeline makes each delivery take effect once (inbox) and commits it.
/// </summary>
public sealed class WorkerRegisteredConsumer(FundingDbContext db) : IConsumer<WorkerRegistered>
{
    /// <summary>
    /// The registration's facts never change afterwards, so they are filled in even when a later
    /// event (Verified, Deactivated) arrived first and already set the status.
    /// </summary>
    public Task Consume(ConsumeContext<WorkerRegistered> context)
    {
        var e = context.Message;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version)
            VALUES ({e.WorkerId}, 'Registered', {e.OccupationCode}, {e.Kecamatan}, {e.P3keListed}, {e.RegisteredAt}, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET occupation_code = excluded.occupation_code, kecamatan = excluded.kecamatan, p3ke_listed = excluded.p3ke_listed,
                registry_status = CASE WHEN excluded.version > registry_workers.version
                                       THEN excluded.registry_status ELSE registry_workers.registry_status END,
                last_changed_at = CASE WHEN excluded.version > registry_workers.version
                                       THEN excluded.last_changed_at ELSE registry_workers.last_changed_at END,
                version = greatest(registry_workers.version, excluded.version)
            """, context.CancellationToken);
    }
}

public sealed class WorkerVerifiedConsumer(FundingDbContext db) : IConsumer<WorkerVerified>
{
    public Task Consume(ConsumeContext<WorkerVerified> context)
    {
        var e = context.Message;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version)
            VALUES ({e.WorkerId}, 'Verified', '', '', false, {e.VerifiedAt}, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET registry_status = 'Verified', deactivation_reason = NULL, deactivated_from = NULL,
                last_changed_at = excluded.last_changed_at, version = excluded.version
            WHERE registry_workers.version < excluded.version
            """, context.CancellationToken);
    }
}

/// <summary>
/// Records the deactivation and, when it is the newest word on the worker, ends their funding after
/// the effective month in the same transaction. A stale deactivation (a reactivation with a higher
/// version already applied) changes nothing.
/// </summary>
public sealed class WorkerDeactivatedConsumer(FundingDbContext db, DeactivatedWorkerFunding funding) : IConsumer<WorkerDeactivated>
{
    public async Task Consume(ConsumeContext<WorkerDeactivated> context)
    {
        var e = context.Message;
        var applied = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed,
                                          deactivation_reason, deactivated_from, last_changed_at, version)
            VALUES ({e.WorkerId}, 'Deactivated', '', '', false, {e.Reason}, {e.EffectiveDate}, {e.DeactivatedAt}, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET registry_status = 'Deactivated', deactivation_reason = excluded.deactivation_reason,
                deactivated_from = excluded.deactivated_from, last_changed_at = excluded.last_changed_at, version = excluded.version
            WHERE registry_workers.version < excluded.version
            """, context.CancellationToken);
        if (applied > 0)
        {
            await funding.EndAsync(e.WorkerId, e.EffectiveDate, e.Reason, context.CancellationToken);
        }
    }
}
