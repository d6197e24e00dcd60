using PijarSemar.Contracts;

namespace PijarSemar.Funding.Domain;

/// <summary>One month of a source's fiscal year: how many of its allocations are active, and the tariff in force (null when unknown).</summary>
public sealed record MonthUsage(Period Month, int Active, long? Tariff);

/// <summary>
/// A source's use month by month across its fiscal year, and what one more allocation would do
/// to it. Pure arithmetic: the caller reads the months while holding the source's row lock, so the
/// answer stays true until it commits.
/// </summary>
public sealed class SourceUsage(int quota, long budget, IReadOnlyList<MonthUsage> months)
{
    public IReadOnlyList<MonthUsage> Months { get; } = months;

    public int AllocatedIn(Period month) => Months.FirstOrDefault(m => m.Month == month)?.Active ?? 0;

    /// <summary>Quota minus the busiest month: how many more workers could be funded for the whole year.</summary>
    public int RemainingQuota => quota - (Months.Count == 0 ? 0 : Months.Max(m => m.Active));

    /// <summary>Every allocated worker-month priced at its month's tariff; null while a funded month has no tariff.</summary>
    public Rupiah? ProjectedCost =>
        Months.Any(m => m.Active > 0 && m.Tariff is null)
            ? null
            : Rupiah.Sum(Months.Select(m => new Rupiah(m.Tariff ?? 0) * m.Active));

    public Rupiah? RemainingBudget => ProjectedCost is { } cost ? new Rupiah(budget) - cost : null;

    /// <summary>The months of <paramref name="start"/>..<paramref name="end"/> and the funded months that have no tariff.</summary>
    public IReadOnlyList<Period> MonthsWithoutTariff(Period start, Period end) =>
        [.. Months.Where(m => m.Tariff is null && (m.Active > 0 || (m.Month >= start && m.Month <= end))).Select(m => m.Month)];

    /// <summary>Whether one more allocation for <paramref name="start"/>..<paramref name="end"/> fits the quota in every month and the budget overall.</summary>
    public UsageCheck CheckAddition(Period start, Period end)
    {
        var requested = Months.Where(m => m.Month >= start && m.Month <= end).ToList();
        var full = requested.FirstOrDefault(m => m.Active + 1 > quota);
        if (full is not null)
        {
            return new UsageCheck.QuotaExhausted(full.Month, full.Active);
        }

        if (MonthsWithoutTariff(start, end) is [_, ..] missing)
        {
            return new UsageCheck.TariffMissing(missing);
        }

        var cost = ProjectedCost!.Value + Rupiah.Sum(requested.Select(m => new Rupiah(m.Tariff!.Value)));
        return cost > new Rupiah(budget)
            ? new UsageCheck.BudgetExhausted(cost, RemainingBudget!.Value)
            : new UsageCheck.Fits(cost);
    }
}

/// <summary>The outcome of <see cref="SourceUsage.CheckAddition"/>.</summary>
public abstract record UsageCheck
{
    private UsageCheck()
    {
    }

    public sealed record Fits(Rupiah ProjectedCost) : UsageCheck;

    public sealed record QuotaExhausted(Period Month, int Active) : UsageCheck;

    public sealed record BudgetExhausted(Rupiah ProjectedCost, Rupiah RemainingBudget) : UsageCheck;

    public sealed record TariffMissing(IReadOnlyList<Period> Months) : UsageCheck;
}
