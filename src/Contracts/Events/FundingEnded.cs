namespace PijarSemar.Contracts.Events;

/// <summary>
/// An allocation ends earlier than planned: <see cref="EndPeriod"/> is now its last funded month,
/// or the month before <see cref="StartPeriod"/> when it never took effect. <see cref="Reason"/>
/// is the operator's reason, or <c>WorkerDeactivated:{registry reason}</c> when the registry took
/// the worker out of the program. <see cref="Version"/> is the allocation's version after the
/// change: a consumer keeps the state of the highest version it has seen.
/// </summary>
public sealed record FundingEnded(
    Guid AllocationId,
    Guid WorkerId,
    Guid FundingSourceId,
    string SourceType,
    Guid? SponsorId,
    Period StartPeriod,
    Period EndPeriod,
    string Reason,
    long Version,
    DateTimeOffset OccurredAt);
