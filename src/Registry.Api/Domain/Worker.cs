using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Registry.Domain;

/// <summary>A vulnerable informal worker in the program, and where they stand in its lifecycle.</summary>
public sealed class Worker
{
    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public string Nik { get; private set; } = "";
    public string FullName { get; private set; } = "";
    public DateOnly BirthDate { get; private set; }
    public Sex Sex { get; private set; }
    public string? Phone { get; private set; }
    public string? Address { get; private set; }
    public string Kecamatan { get; private set; } = "";
    public string? Kelurahan { get; private set; }
    public string? OccupationCode { get; private set; }
    public bool P3keListed { get; private set; }
    public WorkerStatus Status { get; private set; }
    public string? StatusReason { get; private set; }
    public string? StatusNote { get; private set; }
    public DateOnly? StatusEffectiveDate { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid? ImportId { get; private set; }

    /// <summary>An earlier worker this one may be (same name and birth date or kelurahan), until an operator decides it is not.</summary>
    public Guid? PossibleDuplicateOf { get; private set; }

    /// <summary>1 at registration, incremented by every change; the events about the worker carry it.</summary>
    public long Version { get; private set; }

    public static Worker Register(NewWorker worker, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Nik = worker.Nik,
        FullName = worker.FullName,
        BirthDate = worker.BirthDate,
        Sex = worker.Sex,
        Phone = worker.Phone,
        Address = worker.Address,
        Kecamatan = worker.Kecamatan,
        Kelurahan = worker.Kelurahan,
        OccupationCode = worker.OccupationCode,
        P3keListed = worker.P3keListed,
        Status = WorkerStatus.Registered,
        RegisteredAt = now,
        UpdatedAt = now,
        Version = 1,
    };

    /// <summary>Registered, but perhaps the same person as <paramref name="earlierWorker"/>: an operator decides (see Duplicates/).</summary>
    public void FlagPossibleDuplicateOf(Guid earlierWorker) => PossibleDuplicateOf = earlierWorker;

    /// <summary>An operator found the flagged worker to be another person than the earlier one.</summary>
    public void ClearPossibleDuplicate() => PossibleDuplicateOf = null;

    /// <summary>An operator's decision on a new registration; a rejection must say why.</summary>
    public void Verify(bool approved, string? note, DateTimeOffset now)
    {
        RequireStatus(WorkerStatus.Registered, approved ? "verify" : "reject");
        Status = approved ? WorkerStatus.Verified : WorkerStatus.Rejected;
        StatusReason = null;
        StatusNote = note;
        StatusEffectiveDate = null;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The worker leaves the program from <paramref name="effectiveDate"/>; only a verified worker is in it.</summary>
    public void Deactivate(DeactivationReason reason, DateOnly effectiveDate, string? note, DateTimeOffset now)
    {
        RequireStatus(WorkerStatus.Verified, "deactivate");
        Status = WorkerStatus.Deactivated;
        StatusReason = reason.ToString();
        StatusNote = note;
        StatusEffectiveDate = effectiveDate;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Undoes a wrong deactivation: the worker is verified and in the program again.</summary>
    public void Reactivate(string note, DateTimeOffset now)
    {
        RequireStatus(WorkerStatus.Deactivated, "reactivate");
        Status = WorkerStatus.Verified;
        StatusReason = null;
        StatusNote = note;
        StatusEffectiveDate = null;
        UpdatedAt = now;
        Version++;
    }

    private void RequireStatus(WorkerStatus required, string action)
    {
        if (Status != required)
        {
            throw new ConflictException(
                "Illegal status change.",
                $"Cannot {action} a worker whose status is {Status}; only a {required} worker can be.",
                new Dictionary<string, object?> { ["currentStatus"] = Status.ToString() });
        }
    }
}
