using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Events;
using PijarSemar.Funding.Allocations;
using PijarSemar.Funding.Data;

namespace PijarSemar.Funding.IntegrationEvents;

/// <summary>
/// Keeps <c>registry_workers</c> in step with the registry. Events about one worker may arrive in
/// any order, so the status changes only when an event's version is higher than the stored one, and
/// the facts (kecamatan, occupation, P3KE) only when it is higher than their own version (facts_version);
/// the messaging pipeline makes each delivery take effect once (inbox) and commits it.
/// </summary>
public sealed class WorkerRegisteredConsumer(FundingDbContext db) : IConsumer<WorkerRegistered>
{
    /// <summary>
    /// The registration's facts are filled in even when a later status event (Verified, Deactivated)
    /// arrived first and already set the status, but not over a correction that arrived first.
    /// </summary>
    public Task Consume(ConsumeContext<WorkerRegistered> context)
    {
        var e = context.Message;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version, facts_version)
            VALUES ({e.WorkerId}, 'Registered', {e.OccupationCode}, {e.Kecamatan}, {e.P3keListed}, {e.RegisteredAt}, {e.Version}, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET occupation_code = CASE WHEN excluded.facts_version > registry_workers.facts_version
                                       THEN excluded.occupation_code ELSE registry_workers.occupation_code END,
                kecamatan = CASE WHEN excluded.facts_version > registry_workers.facts_version
                                 THEN excluded.kecamatan ELSE registry_workers.kecamatan END,
                p3ke_listed = CASE WHEN excluded.facts_version > registry_workers.facts_version
                                   THEN excluded.p3ke_listed ELSE registry_workers.p3ke_listed END,
                facts_version = greatest(registry_workers.facts_version, excluded.facts_version),
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

/// <summary>
/// The registry corrected a worker's facts (kecamatan, occupation): the newest correction wins by
/// version, whatever order corrections and the registration arrive in. The status and its version
/// are left alone: a correction says nothing about whether the worker may be funded, and must not
/// make an older status event look stale. A correction arriving before anything else about the
/// worker records them as Registered at status version 0, so their first status event applies.
/// </summary>
public sealed class WorkerCorrectedConsumer(FundingDbContext db) : IConsumer<WorkerCorrected>
{
    public Task Consume(ConsumeContext<WorkerCorrected> context)
    {
        var e = context.Message;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version, facts_version)
            VALUES ({e.WorkerId}, 'Registered', {e.OccupationCode}, {e.Kecamatan}, {e.P3keListed}, {e.CorrectedAt}, 0, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET occupation_code = excluded.occupation_code, kecamatan = excluded.kecamatan, p3ke_listed = excluded.p3ke_listed,
                facts_version = excluded.facts_version
            WHERE registry_workers.facts_version < excluded.facts_version
            """, context.CancellationToken);
    }
}
