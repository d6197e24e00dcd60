namespace PijarSemar.Billing.Domain;

/// <summary>The contribution per worker per month from <see cref="EffectiveFrom"/> (yyyy-MM) on.</summary>
public sealed class Tariff
{
    public string EffectiveFrom { get; private set; } = "";
    public long IncomeBase { get; private set; }
    public decimal JkkRate { get; private set; }
    public long JkmAmount { get; private set; }

    /// <summary>JKK rounded down to the rupiah (BPJS bills whole rupiah), plus the flat JKM.</summary>
    public long MonthlyContribution => (long)decimal.Floor(IncomeBase * JkkRate) + JkmAmount;
}
