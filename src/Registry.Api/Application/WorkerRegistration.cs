using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.Registry.Duplicates;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.Application;

/// <summary>
/// Registers one worker: validation, the NIK check, the possible-duplicate check, the row, its
/// audit entry and its event, in one transaction.
/// </summary>
public sealed class WorkerRegistration(
    RegistryDbContext db,
    ReferenceDataCache reference,
    IOptions<RegistrationRules> rules,
    SemarangCalendar calendar,
    CurrentActor actor,
    TimeProvider clock)
{
    public async Task<Worker> RegisterAsync(RegisterWorkerRequest request, CancellationToken ct)
    {
        var validator = new RegistrationValidator(rules.Value, await reference.GetAsync());
        var result = validator.Validate(request, calendar.Today);
        if (!result.IsValid)
        {
            throw new RequestValidationException(result.Errors);
        }

        var candidate = result.Worker!;
        await ThrowIfRegisteredAsync(candidate.Nik, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var worker = Worker.Register(candidate, calendar.Now);
        await PossibleDuplicateFinder.FlagIfPossibleDuplicateAsync(db, worker, long.MaxValue, worker.RegisteredAt, ct);

        db.Workers.Add(worker);
        db.AddEvent(new WorkerRegistered(worker.Id, worker.OccupationCode ?? "", worker.Kecamatan, worker.P3keListed, worker.RegisteredAt, worker.Version), clock);
        db.Audit("worker", worker.Id, "Registered", actor.Subject, worker.RegisteredAt, null, worker.ToResponse());
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request registered the same NIK between our check and our insert: the index decided.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await ThrowIfRegisteredAsync(candidate.Nik, ct);
            throw;
        }

        return worker;
    }

    private async Task ThrowIfRegisteredAsync(string nik, CancellationToken ct)
    {
        var existing = await db.Workers.AsNoTracking().Where(w => w.Nik == nik).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            throw new ConflictException(
                "NIK already registered.",
                $"A worker with this NIK is already registered as {id}.",
                new Dictionary<string, object?> { ["existingWorkerId"] = id });
        }
    }
}
