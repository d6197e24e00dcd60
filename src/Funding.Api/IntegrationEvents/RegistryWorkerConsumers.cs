using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Events;
using PijarSemar.Funding.Data;
using PijarSemar.Funding.Domain;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Funding.IntegrationEvents;

/// <summary>
/// Keeps <c>registry_workers</c> in step with the registry. Each event is applied once (inbox),
/// and a status only moves forward in time, because events of different types travel on
/// different queues and may arrive out of order.
/// </summary>
public sealed class WorkerRegisteredConsumer(FundingDbContext db) : IConsumer<WorkerRegistered>
{
    public Task Consume(ConsumeContext<WorkerRegistered> context) =>
        db.ConsumeOnceAsync(context, nameof(WorkerRegisteredConsumer), ct =>
        {
            var e = context.Message;
            return db.Database.ExecuteSqlAsync($"""
                INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at)
                VALUES ({e.WorkerId}, 'Registered', {e.OccupationCode}, {e.Kecamatan}, {e.P3keListed}, {e.RegisteredAt})
                ON CONFLICT (worker_id) DO UPDATE
                SET occupation_code = excluded.occupation_code, kecamatan = excluded.kecamatan, p3ke_listed = excluded.p3ke_listed
                """, ct);
        });
}

public sealed class WorkerVerifiedConsumer(FundingDbContext db) : IConsumer<WorkerVerified>
{
    public Task Consume(ConsumeContext<WorkerVerified> context) =>
        db.ConsumeOnceAsync(context, nameof(WorkerVerifiedConsumer), ct =>
        {
            var e = context.Message;
            return db.Database.ExecuteSqlAsync($"""
                INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at)
                VALUES ({e.WorkerId}, 'Verified', '', '', false, {e.VerifiedAt})
                ON CONFLICT (worker_id) DO UPDATE
                SET registry_status = 'Verified', deactivation_reason = NULL, deactivated_from = NULL, last_changed_at = excluded.last_changed_at
                WHERE registry_workers.last_changed_at <= excluded.last_changed_at
                """, ct);
        });
}

public sealed class WorkerDeactivatedConsumer(FundingDbContext db) : IConsumer<WorkerDeactivated>
{
    public Task Consume(ConsumeContext<WorkerDeactivated> context) =>
        db.ConsumeOnceAsync(context, nameof(WorkerDeactivatedConsumer), ct =>
        {
            var e = context.Message;
            return db.Database.ExecuteSqlAsync($"""
                INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed,
                                              deactivation_reason, deactivated_from, last_changed_at)
                VALUES ({e.WorkerId}, 'Deactivated', '', '', false, {e.Reason}, {e.EffectiveDate}, {e.DeactivatedAt})
                ON CONFLICT (worker_id) DO UPDATE
                SET registry_status = 'Deactivated', deactivation_reason = excluded.deactivation_reason,
                    deactivated_from = excluded.deactivated_from, last_changed_at = excluded.last_changed_at
                WHERE registry_workers.last_changed_at <= excluded.last_changed_at
                """, ct);
        });
}

public sealed class WorkerRegisteredConsumerDefinition : RetryingConsumerDefinition<WorkerRegisteredConsumer>;

public sealed class WorkerVerifiedConsumerDefinition : RetryingConsumerDefinition<WorkerVerifiedConsumer>;

public sealed class WorkerDeactivatedConsumerDefinition : RetryingConsumerDefinition<WorkerDeactivatedConsumer>;
