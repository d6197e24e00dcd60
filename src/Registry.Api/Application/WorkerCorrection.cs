using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.Registry.Duplicates;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.Application;

/// <summary>
/// Corrects what was registered wrongly (a name, a birth date, a NIK typo, the kecamatan, kelurahan
/// or occupation). The corrected worker passes the same rules as a new registration, judged on the
/// day they were registered, so a correction years later is not refused for the age the worker has
/// reached since. The change, its audit entry (before and after, with the note) and a
/// <see cref="WorkerCorrected"/> event commit together.
/// </summary>
public sealed class WorkerCorrection(
    RegistryDbContext db,
    ReferenceDataCache reference,
    IOptions<RegistrationRules> rules,
    SemarangCalendar calendar,
    TimeProvider clock)
{
    public async Task<Worker> CorrectAsync(Guid workerId, WorkerCorrectionRequest correction, string note, string actor, CancellationToken ct)
    {
        var worker = await db.Workers.FirstOrDefaultAsync(w => w.Id == workerId, ct)
            ?? throw new NotFoundException("Worker not found.", $"No worker has id {workerId}.");

        var validator = new RegistrationValidator(rules.Value, await reference.GetAsync());
        var result = validator.Validate(AsRegistration(worker, correction), worker.RegisteredOn);
        if (!result.IsValid)
        {
            throw new RequestValidationException(result.Errors);
        }

        var corrected = result.Worker!;
        if (corrected.Nik != worker.Nik)
        {
            await ThrowIfRegisteredAsync(corrected.Nik, ct);
        }

        var before = worker.ToSnapshot();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = worker.Correct(corrected, calendar.Now);
        if (changed.Count == 0)
        {
            // The correction repeats what is stored (a retry, or nothing was wrong): no change, no event, no audit entry.
            return worker;
        }

        if (changed.Intersect(FieldsOfTheDuplicateRule).Any())
        {
            await FlagIfPossibleDuplicateAsync(worker, ct);
        }

        db.Audit("worker", worker.Id, "Corrected", actor, worker.UpdatedAt, before, worker.ToSnapshot(note));
        db.AddEvent(new WorkerCorrected(
            worker.Id, changed, worker.Kecamatan, worker.Kelurahan, worker.OccupationCode ?? "", worker.P3keListed, worker.UpdatedAt, worker.Version), clock);
        try
        {
            await WorkerLifecycle.SaveAsync(db, worker.Id, ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request took the corrected NIK between our check and our update: the index decided.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await ThrowIfRegisteredAsync(corrected.Nik, ct);
            throw;
        }

        return worker;
    }

    /// <summary>The corrected fields that the possible-duplicate rule compares.</summary>
    private static readonly string[] FieldsOfTheDuplicateRule = ["fullName", "birthDate", "kelurahan"];

    /// <summary>
    /// A corrected name, birth date or kelurahan may now match a worker registered before this one:
    /// flagged as a registration would be. A worker flagged before keeps its flag and any decision
    /// an operator made on it; one flag per worker.
    /// </summary>
    private async Task FlagIfPossibleDuplicateAsync(Worker worker, CancellationToken ct)
    {
        if (!await db.PossibleDuplicates.AnyAsync(p => p.WorkerId == worker.Id, ct))
        {
            await PossibleDuplicateFinder.FlagIfPossibleDuplicateAsync(db, worker, worker.Seq, worker.UpdatedAt, ct);
        }
    }

    /// <summary>
    /// The worker as a registration with the corrections applied. Phone and address are not corrected
    /// here and are left out, so a rule about them does not block a correction of something else;
    /// <see cref="Worker.Correct"/> leaves them as they are.
    /// </summary>
    private static RegisterWorkerRequest AsRegistration(Worker worker, WorkerCorrectionRequest correction) => new(
        Nik: correction.Nik ?? worker.Nik,
        FullName: correction.FullName ?? worker.FullName,
        BirthDate: correction.BirthDate ?? worker.BirthDate,
        Sex: correction.Sex ?? worker.Sex.ToString(),
        Phone: null,
        Address: null,
        Kecamatan: correction.Kecamatan ?? worker.Kecamatan,
        Kelurahan: correction.Kelurahan ?? worker.Kelurahan,
        OccupationCode: correction.OccupationCode ?? worker.OccupationCode,
        P3keListed: worker.P3keListed,
        // Kept as registered, so an out-of-region NIK or a P3KE free-text occupation still passes the rules.
        DomicileReason: worker.DomicileReason,
        OccupationText: worker.OccupationText);

    private async Task ThrowIfRegisteredAsync(string nik, CancellationToken ct)
    {
        var existing = await db.Workers.AsNoTracking().Where(w => w.Nik == nik).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            throw new ConflictException(
                "NIK already registered.",
                $"The corrected NIK belongs to another worker, registered as {id}.",
                new Dictionary<string, object?> { ["existingWorkerId"] = id });
        }
    }
}
