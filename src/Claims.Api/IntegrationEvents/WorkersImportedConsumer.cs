using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Filing;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.IntegrationEvents;

/// <summary>
/// A batch of imported workers into <c>claim_workers</c> in one statement, each applied as
/// <see cref="WorkerRegisteredConsumer"/> applies a registration (the facts always, the status only
/// when newer). Without it a claim for an imported worker would need the registry to answer.
/// </summary>
public sealed class WorkersImportedConsumer(ClaimsDbContext db) : IConsumer<WorkersImported>
{
    public Task Consume(ConsumeContext<WorkersImported> context)
    {
        var workers = context.Message.Workers;
        var ids = workers.Select(w => w.WorkerId).ToArray();
        var kecamatan = workers.Select(w => w.Kecamatan).ToArray();
        var registeredOn = workers.Select(w => SemarangTime.DateOf(w.RegisteredAt)).ToArray();
        var versions = workers.Select(w => w.Version).ToArray();

        // DISTINCT ON: a worker listed twice in one batch would make ON CONFLICT touch its row twice, which PostgreSQL refuses.
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO claim_workers (worker_id, kecamatan, registered_on, status, version)
            SELECT DISTINCT ON (worker_id) worker_id, kecamatan, registered_on, {WorkerStatus.Registered}, version
            FROM unnest({ids}, {kecamatan}, {registeredOn}, {versions}) AS batch (worker_id, kecamatan, registered_on, version)
            ORDER BY worker_id, version DESC
            ON CONFLICT (worker_id) DO UPDATE
            SET kecamatan = excluded.kecamatan, registered_on = excluded.registered_on,
                status = CASE WHEN excluded.version > claim_workers.version THEN excluded.status ELSE claim_workers.status END,
                version = greatest(claim_workers.version, excluded.version)
            """, context.CancellationToken);
    }
}
