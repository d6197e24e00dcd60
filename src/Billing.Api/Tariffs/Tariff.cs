using PijarSemar.Contracts;

namespace PijarSemar.Billing.Tariffs;

/// <summary>
/// The contribution per worker per month from <see cref="EffectiveFrom"/> (yyyy-MM) on, until the
/// next tariff's month. A regulation change is a new tariff, never an edit of one in force.
/// </summary>
public sealed class Tariff
{
    private Tariff()
    {
    }

    public string EffectiveFrom { get; private set; } = "";
    public long IncomeBase { get; private set; }
    public decimal JkkRate { get; private set; }
    public long JkmAmount { get; private set; }

    /// <summary>
    /// JKK rounded down to the whole rupiah (BPJS bills whole rupiah, and rounding down never bills
    /// a worker more than the rate says), plus the flat JKM: Rp1,000,000 × 1% + Rp6,800 = Rp16,800.
    /// </summary>
    public long MonthlyContribution => checked((long)decimal.Floor(IncomeBase * JkkRate) + JkmAmount);

    public static Tariff From(Period effectiveFrom, long incomeBase, decimal jkkRate, long jkmAmount) => new()
    {
        EffectiveFrom = effectiveFrom.ToString(),
        IncomeBase = incomeBase,
        JkkRate = jkkRate,
        JkmAmount = jkmAmount,
    };
}
