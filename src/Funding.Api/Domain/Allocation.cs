using PijarSemar.Contracts;

namespace PijarSemar.Funding.Domain;

/// <summary>
/// One worker funded by one source for a run of whole months, <see cref="StartMonth"/> to
/// <see cref="EndMonth"/> inclusive (first days of months, as the table stores them). Ending moves
/// <see cref="EndMonth"/> earlier, at most to the month before the start, when the allocation
/// never took effect and holds no slot; every change raises <see cref="Version"/>.
/// </summary>
public sealed class Allocation
{
    public const string ActiveStatus = "Active";
    public const string EndedStatus = "Ended";

    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public Guid WorkerId { get; private set; }
    public Guid FundingSourceId { get; private set; }
    public FundingSourceType SourceType { get; private set; }
    public Guid? SponsorId { get; private set; }
    public DateOnly StartMonth { get; private set; }
    public DateOnly EndMonth { get; private set; }
    public string Status { get; private set; } = ActiveStatus;
    public string? EndReason { get; private set; }
    public Guid? AllocationRunId { get; private set; }
    public long Version { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndedBy { get; private set; }

    public Period StartPeriod => Period.FromDate(StartMonth);

    public Period EndPeriod => Period.FromDate(EndMonth);

    public static Allocation Create(
        Guid workerId, FundingSource source, Guid? sponsorId, Period start, Period end, string actor, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        WorkerId = workerId,
        FundingSourceId = source.Id,
        SourceType = source.Type,
        SponsorId = sponsorId,
        StartMonth = start.FirstDay,
        EndMonth = end.FirstDay,
        Status = ActiveStatus,
        Version = 1,
        CreatedAt = at,
        CreatedBy = actor,
    };

    /// <summary>Makes <paramref name="lastMonth"/> the last funded month; callers check it is earlier than the current end.</summary>
    public void End(Period lastMonth, string reason, string actor, DateTimeOffset at)
    {
        EndMonth = (lastMonth < StartPeriod ? StartPeriod.Previous() : lastMonth).FirstDay;
        Status = EndedStatus;
        EndReason = reason;
        EndedAt = at;
        EndedBy = actor;
        Version++;
    }
}
