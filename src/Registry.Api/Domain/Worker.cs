using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Time;

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
    public string? DomicileReason { get; private set; }
    public string? OccupationText { get; private set; }
    public bool NikNeedsReview { get; private set; }
    public WorkerStatus Status { get; private set; }
    public string? StatusReason { get; private set; }
    public string? StatusNote { get; private set; }
    public DateOnly? StatusEffectiveDate { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public Guid? ImportId { get; private set; }

    /// <summary>The calendar day in Semarang the worker was registered: nothing about them takes effect before it.</summary>
    public DateOnly RegisteredOn => SemarangTime.DateOf(RegisteredAt);

    /// <summary>An earlier worker this one may be (same name and birth date or kelurahan), until an operator decides it is not.</summary>
    public Guid? PossibleDuplicateOf { get; private set; }

    /// <summary>1 at registration, incremented by every change; the events about the worker carry it.</summary>
    public long Version { get; private set; }

    /// <summary>Who asked to bring a Deceased worker back, when and why; null while nothing waits for approval.</summary>
    public string? ReactivationRequestedBy { get; private set; }
    public DateTimeOffset? ReactivationRequestedAt { get; private set; }
    public string? ReactivationRequestNote { get; private set; }

    /// <summary>A death is undone only with a second person's approval: a wrong reactivation restarts payments for someone who died.</summary>
    public bool ReactivationNeedsApproval =>
        Status == WorkerStatus.Deactivated && StatusReason == nameof(DeactivationReason.Deceased);

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
        DomicileReason = worker.DomicileReason,
        OccupationText = worker.OccupationText,
        NikNeedsReview = worker.NikNeedsReview,
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

    /// <summary>Undoes a wrong deactivation: the worker is verified and in the program again. A death needs <see cref="ApproveReactivation"/>.</summary>
    public void Reactivate(string note, DateTimeOffset now)
    {
        RequireStatus(WorkerStatus.Deactivated, "reactivate");
        if (ReactivationNeedsApproval)
        {
            throw new ConflictException(
                "Reactivation needs approval.",
                "The worker was deactivated as Deceased: a reactivation must be requested and approved by a second person.",
                new Dictionary<string, object?> { ["currentStatus"] = Status.ToString(), ["statusReason"] = StatusReason });
        }

        BackInProgram(note, now);
    }

    /// <summary>The maker's half of bringing a Deceased worker back; nothing changes for Funding until it is approved.</summary>
    public void RequestReactivation(string requestedBy, string note, DateTimeOffset now)
    {
        RequireStatus(WorkerStatus.Deactivated, "request the reactivation of");
        if (!ReactivationNeedsApproval)
        {
            throw new ConflictException(
                "No approval needed.",
                $"Only a worker deactivated as Deceased needs an approved reactivation; this one was deactivated as {StatusReason}: reactivate them directly.",
                new Dictionary<string, object?> { ["currentStatus"] = Status.ToString(), ["statusReason"] = StatusReason });
        }

        if (ReactivationRequestedBy is not null)
        {
            throw new ConflictException(
                "Reactivation already requested.",
                $"A reactivation requested by {ReactivationRequestedBy} at {ReactivationRequestedAt:O} is waiting for approval.",
                new Dictionary<string, object?> { ["requestedBy"] = ReactivationRequestedBy, ["requestedAt"] = ReactivationRequestedAt });
        }

        ReactivationRequestedBy = requestedBy;
        ReactivationRequestedAt = now;
        ReactivationRequestNote = note;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The checker's half: someone other than the requester approves, and the worker is Verified again.</summary>
    public void ApproveReactivation(string approver, DateTimeOffset now)
    {
        var requestNote = RequirePendingRequestOfAnother(approver);
        BackInProgram(requestNote, now);
    }

    /// <summary>The checker refuses: the worker stays Deceased and a new request may be made.</summary>
    public void RefuseReactivation(string approver, DateTimeOffset now)
    {
        RequirePendingRequestOfAnother(approver);
        ClearReactivationRequest();
        UpdatedAt = now;
        Version++;
    }

    /// <summary>A rejection can be wrong too: the registration goes back to Registered for a new decision.</summary>
    public void Reopen(string note, DateTimeOffset now)
    {
        RequireStatus(WorkerStatus.Rejected, "re-open");
        Status = WorkerStatus.Registered;
        StatusReason = null;
        StatusNote = note;
        StatusEffectiveDate = null;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>
    /// Puts right what was registered wrongly, in any status: the corrected facts have passed the
    /// registration rules. Returns the names (camelCase, as the API spells them) of the fields that
    /// changed; none when the correction repeats what is stored, and then nothing changes.
    /// </summary>
    public IReadOnlyList<string> Correct(NewWorker corrected, DateTimeOffset now)
    {
        var changed = new List<string>();
        void Set<T>(string field, T current, T value, Action<T> apply)
        {
            if (!EqualityComparer<T>.Default.Equals(current, value))
            {
                apply(value);
                changed.Add(field);
            }
        }

        Set("nik", Nik, corrected.Nik, v => Nik = v);
        Set("fullName", FullName, corrected.FullName, v => FullName = v);
        Set("birthDate", BirthDate, corrected.BirthDate, v => BirthDate = v);
        Set("sex", Sex, corrected.Sex, v => Sex = v);
        Set("kecamatan", Kecamatan, corrected.Kecamatan, v => Kecamatan = v);
        Set("kelurahan", Kelurahan, corrected.Kelurahan, v => Kelurahan = v);
        Set("occupationCode", OccupationCode, corrected.OccupationCode, v => OccupationCode = v);
        if (changed.Count > 0)
        {
            UpdatedAt = now;
            Version++;
        }

        return changed;
    }

    private void BackInProgram(string note, DateTimeOffset now)
    {
        Status = WorkerStatus.Verified;
        StatusReason = null;
        StatusNote = note;
        StatusEffectiveDate = null;
        ClearReactivationRequest();
        UpdatedAt = now;
        Version++;
    }

    private string RequirePendingRequestOfAnother(string approver)
    {
        RequireStatus(WorkerStatus.Deactivated, "approve the reactivation of");
        if (ReactivationRequestedBy is null || ReactivationRequestNote is null)
        {
            throw new ConflictException(
                "No reactivation requested.",
                "No reactivation of this worker is waiting for approval; an operator must request one first.",
                new Dictionary<string, object?> { ["currentStatus"] = Status.ToString() });
        }

        if (string.Equals(ReactivationRequestedBy, approver, StringComparison.Ordinal))
        {
            throw new BusinessRuleException(
                "Maker-checker: a second person must decide.",
                "The reactivation was requested by you; someone else in the approving role must approve or refuse it.");
        }

        return ReactivationRequestNote;
    }

    private void ClearReactivationRequest()
    {
        ReactivationRequestedBy = null;
        ReactivationRequestedAt = null;
        ReactivationRequestNote = null;
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
