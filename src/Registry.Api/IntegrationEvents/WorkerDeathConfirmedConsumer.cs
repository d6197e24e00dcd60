using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PijarSemar.Contracts.Events;
using PijarSemar.Registry.Application;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.IntegrationEvents;

/// <summary>
/// Claims confirmed a death: the worker leaves the program as Deceased from the date of death,
/// which frees their funding slot. The messaging pipeline applies it once per message (inbox) and
/// saves the change, its audit entry and its event together. A date of death that cannot be right
/// (in the future, before the program or the registration) is refused: the message goes to the
/// consumer's <c>_error</c> queue for a person to look at, and the worker stays as they are.
/// </summary>
public sealed partial class WorkerDeathConfirmedConsumer(
    RegistryDbContext db,
    SemarangCalendar calendar,
    IOptions<WorkerLifecycleRules> rules,
    TimeProvider clock,
    ILogger<WorkerDeathConfirmedConsumer> logger)
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

        if (rules.Value.EffectiveDateProblem(death.DateOfDeath, worker.RegisteredOn, calendar.Today) is { } problem)
        {
            LogImplausibleDate(logger, death.WorkerId, death.ClaimId, problem);
            throw new ImplausibleDeathDateException(death.WorkerId, death.ClaimId, problem);
        }

        var before = worker.ToSnapshot();
        worker.Deactivate(DeactivationReason.Deceased, death.DateOfDeath, $"Death confirmed by claim {death.ClaimId}.", calendar.Now);
        db.Audit("worker", worker.Id, "Deactivated", Actor, worker.UpdatedAt, before, worker.ToSnapshot());
        db.AddEvent(new WorkerDeactivated(worker.Id, nameof(DeactivationReason.Deceased), death.DateOfDeath, worker.UpdatedAt, worker.Version), clock);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Death of worker {WorkerId} (claim {ClaimId}) not applied: the worker's status is {Status}")]
    private static partial void LogNotDeactivated(ILogger logger, Guid workerId, Guid claimId, string status);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Death of worker {WorkerId} (claim {ClaimId}) refused and sent to the _error queue: {Problem} The worker is unchanged; correct the claim in Claims, then move the message back or discard it")]
    private static partial void LogImplausibleDate(ILogger logger, Guid workerId, Guid claimId, string problem);
}

/// <summary>
/// A death date no one should act on. Not a transient failure, so the pipeline sends the message to
/// <c>_error</c> at once instead of retrying it.
/// </summary>
public sealed class ImplausibleDeathDateException(Guid workerId, Guid claimId, string problem)
    : Exception($"Death of worker {workerId} (claim {claimId}) refused: {problem}");
