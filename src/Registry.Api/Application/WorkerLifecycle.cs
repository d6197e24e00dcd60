using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PijarSemar.Contracts.Events;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.Application;

/// <summary>
/// Moves a worker through verification, deactivation, reactivation and re-opening. Each move saves
/// the new state, its audit entry and its event together, and the row version turns a concurrent
/// move by someone else into a 409 naming the status that won instead of a lost update.
/// </summary>
public sealed class WorkerLifecycle(
    RegistryDbContext db, SemarangCalendar calendar, IOptions<WorkerLifecycleRules> rules, TimeProvider clock)
{
    public Task<Worker> VerifyAsync(Guid workerId, bool approved, string? note, string actor, CancellationToken ct) =>
        ChangeAsync(workerId, actor, approved ? "Verified" : "Rejected", async worker =>
        {
            if (rules.Value.RegistrarMayNotVerify && string.Equals(await RegistrarOfAsync(worker, ct), actor, StringComparison.Ordinal))
            {
                throw new BusinessRuleException(
                    "Maker-checker: a second person must decide.",
                    "You registered this worker (or uploaded their import); another operator must verify or reject the registration.");
            }

            worker.Verify(approved, note, calendar.Now);
            if (approved)
            {
                db.AddEvent(new WorkerVerified(worker.Id, worker.UpdatedAt, worker.Version), clock);
            }
        }, ct);

    public Task<Worker> DeactivateAsync(
        Guid workerId, DeactivationReason reason, DateOnly effectiveDate, string? note, string actor, CancellationToken ct) =>
        ChangeAsync(workerId, actor, "Deactivated", worker =>
        {
            if (rules.Value.EffectiveDateProblem(effectiveDate, worker.RegisteredOn, calendar.Today) is { } problem)
            {
                throw RequestValidationException.For("effectiveDate", problem);
            }

            worker.Deactivate(reason, effectiveDate, note, calendar.Now);
            db.AddEvent(new WorkerDeactivated(worker.Id, reason.ToString(), effectiveDate, worker.UpdatedAt, worker.Version), clock);
            return Task.CompletedTask;
        }, ct);

    /// <summary>
    /// Funding hears of a reactivation as a new verification: the worker can be funded again. A worker
    /// deactivated as Deceased is not reactivated here: the request waits for a second person
    /// (<see cref="DecideReactivationAsync"/>), and the answer says so.
    /// </summary>
    public async Task<(Worker Worker, bool AwaitingApproval)> ReactivateAsync(Guid workerId, string note, string actor, CancellationToken ct)
    {
        var awaitingApproval = false;
        var worker = await ChangeNamedAsync(workerId, actor, worker =>
        {
            if (worker.ReactivationNeedsApproval)
            {
                worker.RequestReactivation(actor, note, calendar.Now);
                awaitingApproval = true;
                return Task.FromResult("ReactivationRequested");
            }

            worker.Reactivate(note, calendar.Now);
            db.AddEvent(new WorkerVerified(worker.Id, worker.UpdatedAt, worker.Version), clock);
            return Task.FromResult("Reactivated");
        }, ct);
        return (worker, awaitingApproval);
    }

    /// <summary>The checker's decision on a requested reactivation of a Deceased worker; the requester cannot make it.</summary>
    public Task<Worker> DecideReactivationAsync(Guid workerId, bool approved, string note, string approver, CancellationToken ct) =>
        ChangeAsync(workerId, approver, approved ? "ReactivationApproved" : "ReactivationRefused", worker =>
        {
            if (approved)
            {
                worker.ApproveReactivation(approver, calendar.Now);
                db.AddEvent(new WorkerVerified(worker.Id, worker.UpdatedAt, worker.Version), clock);
            }
            else
            {
                worker.RefuseReactivation(approver, calendar.Now);
            }

            return Task.CompletedTask;
        }, ct, note);

    /// <summary>
    /// A rejected registration goes back to Registered for a new decision. No event: Funding never
    /// heard of the rejection, and only a verification makes the worker fundable.
    /// </summary>
    public Task<Worker> ReopenAsync(Guid workerId, string note, string actor, CancellationToken ct) =>
        ChangeAsync(workerId, actor, "Reopened", worker =>
        {
            worker.Reopen(note, calendar.Now);
            return Task.CompletedTask;
        }, ct);

    private Task<Worker> ChangeAsync(Guid workerId, string actor, string action, Func<Worker, Task> change, CancellationToken ct, string? auditNote = null) =>
        ChangeNamedAsync(workerId, actor, async worker =>
        {
            await change(worker);
            return action;
        }, ct, auditNote);

    /// <param name="change">Changes the worker and answers the action its audit entry names.</param>
    private async Task<Worker> ChangeNamedAsync(
        Guid workerId, string actor, Func<Worker, Task<string>> change, CancellationToken ct, string? auditNote = null)
    {
        var worker = await db.Workers.FirstOrDefaultAsync(w => w.Id == workerId, ct)
            ?? throw new NotFoundException("Worker not found.", $"No worker has id {workerId}.");
        var before = worker.ToSnapshot();
        var action = await change(worker);
        db.Audit("worker", worker.Id, action, actor, worker.UpdatedAt, before, worker.ToSnapshot(auditNote));
        await SaveAsync(db, workerId, ct);
        return worker;
    }

    /// <summary>
    /// Saves a change to one worker. When another request changed the worker in between, the loser
    /// gets the same 409 as a move that was illegal from the start, naming the status the winner left.
    /// </summary>
    internal static async Task SaveAsync(RegistryDbContext db, Guid workerId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Workers.AsNoTracking().Where(w => w.Id == workerId)
                .Select(w => new { w.Status, w.Version }).FirstAsync(ct);
            throw new ConflictException(
                "Changed by someone else.",
                $"Another request changed the worker at the same time; it is now {current.Status}. Read it again and decide on what it is now.",
                new Dictionary<string, object?> { ["currentStatus"] = current.Status.ToString(), ["currentVersion"] = current.Version });
        }
    }

    /// <summary>The token subject that registered the worker: the uploader of their import, else the actor of the registration's audit entry.</summary>
    private async Task<string?> RegistrarOfAsync(Worker worker, CancellationToken ct)
    {
        if (worker.ImportId is { } importId)
        {
            return await db.Database
                .SqlQuery<string>($"SELECT uploaded_by AS \"Value\" FROM worker_imports WHERE id = {importId}")
                .FirstOrDefaultAsync(ct);
        }

        return await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == "worker" && a.EntityId == worker.Id && a.Action == "Registered")
            .OrderBy(a => a.Id)
            .Select(a => a.Actor)
            .FirstOrDefaultAsync(ct);
    }
}
