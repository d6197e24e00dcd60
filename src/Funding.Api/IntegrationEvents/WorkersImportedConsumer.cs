using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Events;
using PijarSemar.Funding.Data;

namespace PijarSemar.Funding.IntegrationEvents;

/// <summary>
/// A batch of imported workers into <c>registry_workers</c> with one statement, whatever its size:
/// each worker is applied exactly as <see cref="WorkerRegisteredConsumer"/> applies a
/// registration (the facts always, the status only when the version is newer), so a worker whose
/// verification arrived first keeps it. The inbox makes a redelivered batch take effect once, and
/// replaying one changes nothing anyway.
/// </summary>
public sealed class WorkersImportedConsumer(FundingDbContext db) : IConsumer<WorkersImported>
{
    public Task Consume(ConsumeContext<WorkersImported> context)
    {
        var workers = context.Message.Workers;
        var ids = workers.Select(w => w.WorkerId).ToArray();
        var occupations = workers.Select(w => w.OccupationCode).ToArray();
        var kecamatan = workers.Select(w => w.Kecamatan).ToArray();
        var p3ke = workers.Select(w => w.P3keListed).ToArray();
        var registeredAt = workers.Select(w => w.RegisteredAt.ToUniversalTime()).ToArray();
        var versions = workers.Select(w => w.Version).ToArray();

        // DISTINCT ON: a worker listed twice in one batch would make ON CONFLICT touch its row twice, which PostgreSQL refuses.
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version)
            SELECT DISTINCT ON (worker_id) worker_id, 'Registered', occupation_code, kecamatan, p3ke_listed, registered_at, version
            FROM unnest({ids}, {occupations}, {kecamatan}, {p3ke}, {registeredAt}, {versions})
                 AS batch (worker_id, occupation_code, kecamatan, p3ke_listed, registered_at, version)
            ORDER BY worker_id, version DESC
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
