using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Filing;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.IntegrationEvents;

/// <summary>
/// Keeps <c>claim_workers</c> in step with the registry. Events about one worker may arrive in any
/// order, so the status changes only when an event's version is higher than the stored one (a
/// worker learnt by asking the registry is at version 0); the messaging pipeline makes each
/// delivery take effect once (inbox) and commits it.
/// </summary>
public sealed class WorkerRegisteredConsumer(ClaimsDbContext db) : IConsumer<WorkerRegistered>
{
    /// <summary>
    /// The registration's facts (kecamatan, registration day) never change afterwards, so they are
    /// filled in even when a later event (Verified, Deactivated) arrived first and set the status.
    /// </summary>
    public Task Consume(ConsumeContext<WorkerRegistered> context)
    {
        var e = context.Message;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO claim_workers (worker_id, kecamatan, registered_on, status, version)
            VALUES ({e.WorkerId}, {e.Kecamatan}, {SemarangTime.DateOf(e.RegisteredAt)}, {WorkerStatus.Registered}, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET kecamatan = excluded.kecamatan, registered_on = excluded.registered_on,
                status = CASE WHEN excluded.version > claim_workers.version THEN excluded.status ELSE claim_workers.status END,
                version = greatest(claim_workers.version, excluded.version)
            """, context.CancellationToken);
    }
}

/// <summary>Verified, or reactivated after a wrong deactivation: a death recorded before is undone with it.</summary>
public sealed class WorkerVerifiedConsumer(ClaimsDbContext db) : IConsumer<WorkerVerified>
{
    public Task Consume(ConsumeContext<WorkerVerified> context)
    {
        var e = context.Message;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO claim_workers (worker_id, status, version)
            VALUES ({e.WorkerId}, {WorkerStatus.Verified}, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET status = excluded.status, deceased_on = NULL, version = excluded.version
            WHERE claim_workers.version < excluded.version
            """, context.CancellationToken);
    }
}

/// <summary>Out of the program; a Deceased deactivation records the date of death, after which no incident can be claimed.</summary>
public sealed class WorkerDeactivatedConsumer(ClaimsDbContext db) : IConsumer<WorkerDeactivated>
{
    public Task Consume(ConsumeContext<WorkerDeactivated> context)
    {
        var e = context.Message;
        DateOnly? diedOn = e.Reason == WorkerStatus.Deceased ? e.EffectiveDate : null;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO claim_workers (worker_id, status, deceased_on, version)
            VALUES ({e.WorkerId}, {WorkerStatus.Deactivated}, {diedOn}, {e.Version})
            ON CONFLICT (worker_id) DO UPDATE
            SET status = excluded.status, deceased_on = excluded.deceased_on, version = excluded.version
            WHERE claim_workers.version < excluded.version
            """, context.CancellationToken);
    }
}
