using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Events;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.IntegrationEvents;

/// <summary>
/// Claims confirmed a death: the worker leaves the program as Deceased from the date of death,
/// which frees their funding slot. Applied once per message (inbox).
/// </summary>
public sealed partial class WorkerDeathConfirmedConsumer(
    RegistryDbContext db, SemarangCalendar calendar, TimeProvider clock, ILogger<WorkerDeathConfirmedConsumer> logger)
    : IConsumer<WorkerDeathConfirmed>
{
    public const string Actor = "system:claims";

    public Task Consume(ConsumeContext<WorkerDeathConfirmed> context) =>
        db.ConsumeOnceAsync(context, nameof(WorkerDeathConfirmedConsumer), async ct =>
        {
            var death = context.Message;
            var worker = await db.Workers.FirstOrDefaultAsync(w => w.Id == death.WorkerId, ct);
            if (worker?.Status != WorkerStatus.Verified)
            {
                // Nothing to end: unknown, never admitted, or already out of the program. A person should look.
                LogNotDeactivated(logger, death.WorkerId, death.ClaimId, worker?.Status.ToString() ?? "unknown");
                return;
            }

            var before = worker.ToResponse();
            worker.Deactivate(DeactivationReason.Deceased, death.DateOfDeath, $"Death confirmed by claim {death.ClaimId}.", calendar.Now);
            db.Audit("worker", worker.Id, "Deactivated", Actor, worker.UpdatedAt, before, worker.ToResponse());
            db.AddEvent(new WorkerDeactivated(worker.Id, nameof(DeactivationReason.Deceased), death.DateOfDeath, worker.UpdatedAt), clock);
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Death of worker {WorkerId} (claim {ClaimId}) not applied: the worker's status is {Status}")]
    private static partial void LogNotDeactivated(ILogger logger, Guid workerId, Guid claimId, string status);
}

public sealed class WorkerDeathConfirmedConsumerDefinition : RetryingConsumerDefinition<WorkerDeathConfirmedConsumer>;
