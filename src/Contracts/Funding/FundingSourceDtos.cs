namespace PijarSemar.Contracts.Funding;

/// <summary><see cref="Type"/>: Apbd, Dbhcht, Csr or Asn. <see cref="Budget"/> in whole rupiah for the fiscal year.</summary>
public sealed record CreateFundingSourceRequest(
    string? Code, string? Name, string? Type, int? FiscalYear, int? Quota, Rupiah? Budget);

/// <summary>
/// A funding source and how much of it is used. <see cref="AllocatedNow"/>: allocations active in
/// the current month. <see cref="RemainingQuota"/>: quota minus the busiest month's count of
/// active allocations. <see cref="ProjectedCost"/>: every allocated worker-month of the year priced
/// at the tariff in force that month; it and <see cref="RemainingBudget"/> are null while a
/// funded month has no tariff known from Billing yet.
/// </summary>
public sealed record FundingSourceResponse(
    Guid Id,
    string Code,
    string Name,
    string Type,
    int FiscalYear,
    int Quota,
    Rupiah Budget,
    int AllocatedNow,
    int RemainingQuota,
    Rupiah? ProjectedCost,
    Rupiah? RemainingBudget,
    DateTimeOffset CreatedAt);
