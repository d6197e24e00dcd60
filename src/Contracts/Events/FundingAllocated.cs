namespace PijarSemar.Contracts.Events;

/// <summary>
/// A worker is paid for by <see cref="FundingSourceId"/> from <see cref="StartPeriod"/> to
/// <see cref="EndPeriod"/> (inclusive); Billing bills from this without calling back.
/// <see cref="SponsorId"/> is set for Asn and Csr sources. <see cref="Version"/> is the
/// allocation's version (1 when created); a later <see cref="FundingEnded"/> carries a higher one.
/// Carries no names or identifiers of people.
/// </summary>
public sealed record FundingAllocated(
    Guid AllocationId,
    Guid WorkerId,
    Guid FundingSourceId,
    string SourceType,
    Guid? SponsorId,
    Period StartPeriod,
    Period EndPeriod,
    int FiscalYear,
    long Version,
    DateTimeOffset OccurredAt);
