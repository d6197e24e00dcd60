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
/// which frees their funding slot. The messaging pipeline applies it once per message (inbox) and
/// saves the change, its audit entry and its event together.
/// </summary>
public sealed partial class WorkerDeathConfirmedConsumer(
    RegistryDbContext db, SemarangCalendar calendar, TimeProvider clock, ILogger<WorkerDeathConfirmedConsumer> logger)
    : IConsumer<WorkerDeathConfirmed>
{
    public const string Actor = "system:claims";

    public async Task Consume(ConsumeContext<WorkerDeathConfirmed> context)
    {
        var death = context.Message;
        var worker = await db.Workers.FirstOrDefaultAsync(w => w.Id == death.WorkerId, context.CancellationToken);
        if (worker?.Status != WorkerStatus.Verified)
        {
            // Nothing to end: unknown, never admitted, or already out of the program. A person should look.
            LogNotDeactivated(logger, death.WorkerId, death.ClaimId, worker?.Status.ToString() ?? "unknown");
            return;
        }

        var before = worker.ToResponse();
        worker.Deactivate(DeactivationReason.Deceased, death.DateOfDeath, $"Death confirmed by claim {death.ClaimId}.", calendar.Now);
        db.Audit("worker", worker.Id, "Deactivated", Actor, worker.UpdatedAt, before, worker.ToResponse());
        db.AddEvent(new WorkerDeactivated(worker.Id, nameof(DeactivationReason.Deceased), death.DateOfDeath, worker.UpdatedAt, worker.Version), clock);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Death of worker {WorkerId} (claim {ClaimId}) not applied: the worker's status is {Status}")]
    private static partial void LogNotDeactivated(ILogger logger, Guid workerId, Guid claimId, string status);
}
