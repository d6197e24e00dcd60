using PijarSemar.Contracts;

namespace PijarSemar.Funding.AllocationRuns;

/// <summary>Fill unfunded verified workers into the year's Apbd and Dbhcht sources from <see cref="StartPeriod"/> to December.</summary>
public sealed record CreateAllocationRunRequest(int? FiscalYear, Period? StartPeriod);

/// <summary>
/// A run and, once Completed, its counts: <see cref="Considered"/> verified workers had no funding
/// in the window, <see cref="Allocated"/> of them were funded, <see cref="LeftUnfunded"/> were not
/// (no capacity left), and per source in filling order its capacity and what it took.
/// </summary>
public sealed record AllocationRunResponse(
    Guid Id,
    int FiscalYear,
    Period StartPeriod,
    Period EndPeriod,
    string Status,
    int Attempts,
    int? Considered,
    int? Allocated,
    int? LeftUnfunded,
    IReadOnlyList<AllocationRunSourceCount> Sources,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? LastError);

public sealed record AllocationRunSourceCount(Guid FundingSourceId, string Code, string Type, long Capacity, long Allocated);
