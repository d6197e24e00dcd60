using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Events;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.Application;

/// <summary>
/// Moves a worker through verification, deactivation and reactivation. Each move saves the new
/// state, its audit entry and its event together, and the row version turns a concurrent move
/// by someone else into a 409 instead of a lost update.
/// </summary>
public sealed class WorkerLifecycle(RegistryDbContext db, SemarangCalendar calendar, TimeProvider clock)
{
    public Task<Worker> VerifyAsync(Guid workerId, bool approved, string? note, string actor, CancellationToken ct) =>
        ChangeAsync(workerId, actor, approved ? "Verified" : "Rejected", worker =>
        {
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
            worker.Deactivate(reason, effectiveDate, note, calendar.Now);
            db.AddEvent(new WorkerDeactivated(worker.Id, reason.ToString(), effectiveDate, worker.UpdatedAt, worker.Version), clock);
        }, ct);

    /// <summary>Funding hears of it as a new verification: the worker can be funded again.</summary>
    public Task<Worker> ReactivateAsync(Guid workerId, string note, string actor, CancellationToken ct) =>
        ChangeAsync(workerId, actor, "Reactivated", worker =>
        {
            worker.Reactivate(note, calendar.Now);
            db.AddEvent(new WorkerVerified(worker.Id, worker.UpdatedAt, worker.Version), clock);
        }, ct);

    private async Task<Worker> ChangeAsync(Guid workerId, string actor, string action, Action<Worker> change, CancellationToken ct)
    {
        var worker = await db.Workers.FirstOrDefaultAsync(w => w.Id == workerId, ct)
            ?? throw new NotFoundException("Worker not found.", $"No worker has id {workerId}.");
        var before = worker.ToResponse();
        change(worker);
        db.Audit("worker", worker.Id, action, actor, worker.UpdatedAt, before, worker.ToResponse());
        await db.SaveChangesAsync(ct);
        return worker;
    }
}
