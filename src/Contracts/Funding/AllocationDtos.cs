namespace PijarSemar.Contracts.Funding;

/// <summary>
/// Fund a worker from a source for whole months of the source's fiscal year. <see cref="EndPeriod"/>
/// (inclusive) defaults to December; <see cref="SponsorId"/> is required for Asn and Csr sources.
/// </summary>
public sealed record CreateAllocationRequest(
    Guid? WorkerId, Guid? FundingSourceId, Guid? SponsorId, Period? StartPeriod, Period? EndPeriod);

/// <summary><see cref="EndPeriod"/> is the last funded month; the month before the start means the allocation never takes effect.</summary>
public sealed record EndAllocationRequest(Period? EndPeriod, string? Reason);

/// <summary><see cref="Status"/>: Active, or Ended once its end was brought forward.</summary>
public sealed record AllocationResponse(
    Guid Id,
    Guid WorkerId,
    Guid FundingSourceId,
    string SourceType,
    Guid? SponsorId,
    Period StartPeriod,
    Period EndPeriod,
    string Status,
    string? EndReason,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt);
