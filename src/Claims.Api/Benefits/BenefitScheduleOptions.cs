using System.Globalization;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts;

namespace PijarSemar.Claims.Benefits;

/// <summary>
/// The BPJS Ketenagakerjaan benefit schedule (section <c>Claims:Benefits</c>): the amounts change
/// by regulation, so they are settings, checked when the service starts. Amounts are read as
/// decimals only so that a fraction of a rupiah is refused with its name, rather than failing to bind.
/// </summary>
public sealed class BenefitScheduleOptions
{
    public const string Section = "Claims:Benefits";

    /// <summary>The income contributions are declared on (the lowest band, Rp1,000,000): JKK pays in multiples of it.</summary>
    public decimal? DeclaredMonthlyIncome { get; set; }

    /// <summary>JKM lump sum paid to the heirs.</summary>
    public decimal? JkmLumpSum { get; set; }

    /// <summary>The periodic benefit, paid at once (JKM, and JKK when the accident kills the worker).</summary>
    public decimal? PeriodicBenefit { get; set; }

    /// <summary>Funeral costs (JKM, and JKK when the accident kills the worker).</summary>
    public decimal? FuneralCosts { get; set; }

    /// <summary>The scholarship per child, when the regulation in force gives one amount; unset, the line is listed without an amount.</summary>
    public decimal? ScholarshipPerChild { get; set; }

    /// <summary>How many children may receive a scholarship.</summary>
    public int? ScholarshipChildren { get; set; }

    /// <summary>Months of contributions before a scholarship is due.</summary>
    public int? ScholarshipContributionMonths { get; set; }

    /// <summary>The first months of temporary disability, paid at <see cref="FullPayPercent"/>.</summary>
    public int? FullPayMonths { get; set; }

    /// <summary>Temporary disability pay in the first months, as a percentage of the declared income.</summary>
    public int? FullPayPercent { get; set; }

    /// <summary>Temporary disability pay after the first months until recovery, as a percentage of the declared income.</summary>
    public int? ReducedPayPercent { get; set; }

    /// <summary>Death from a work accident: this many times the declared monthly income.</summary>
    public int? WorkAccidentDeathIncomeMonths { get; set; }

    /// <summary>The reasons the schedule makes no sense; none when it does.</summary>
    public IEnumerable<string> Problems()
    {
        var problems = FieldProblems().ToList();

        // The amounts derived from the income must fit too: refused at start, never an overflow on a request.
        if (problems.Count == 0 && !Fits(Build()))
        {
            problems.Add($"{nameof(DeclaredMonthlyIncome)} is too large: the amounts derived from it do not fit in a rupiah amount.");
        }

        return problems;
    }

    /// <summary>The schedule as the estimate uses it; only options without <see cref="Problems"/> have one.</summary>
    public BenefitSchedule ToSchedule()
    {
        var problems = Problems().ToList();
        return problems.Count == 0 ? Build() : throw new InvalidOperationException($"{Section}: {string.Join(" ", problems)}");
    }

    private IEnumerable<string> FieldProblems()
    {
        foreach (var (name, amount, optional) in Amounts())
        {
            if (amount is null && !optional)
            {
                yield return $"{name} is not set: it is a whole number of rupiah of at least 0.";
            }
            else if (amount is { } value && (value < 0 || value != decimal.Truncate(value) || value > long.MaxValue))
            {
                yield return $"{name} must be a whole number of rupiah of at least 0, not {value.ToString(CultureInfo.InvariantCulture)}.";
            }
        }

        foreach (var (name, count, min, max) in Counts())
        {
            if (count is null)
            {
                yield return $"{name} is not set: it is a whole number from {min} to {max}.";
            }
            else if (count < min || count > max)
            {
                yield return $"{name} must be a whole number from {min} to {max}, not {count}.";
            }
        }
    }

    private BenefitSchedule Build() => new(
        ToRupiah(DeclaredMonthlyIncome!.Value),
        ToRupiah(JkmLumpSum!.Value),
        ToRupiah(PeriodicBenefit!.Value),
        ToRupiah(FuneralCosts!.Value),
        ScholarshipPerChild is { } perChild ? ToRupiah(perChild) : null,
        ScholarshipChildren!.Value,
        ScholarshipContributionMonths!.Value,
        FullPayMonths!.Value,
        FullPayPercent!.Value,
        ReducedPayPercent!.Value,
        WorkAccidentDeathIncomeMonths!.Value);

    /// <summary>Whether every line and total of both estimates fits, computed once with checked arithmetic.</summary>
    private static bool Fits(BenefitSchedule schedule)
    {
        try
        {
            _ = BenefitEstimate.For(ClaimType.Jkk, schedule);
            _ = BenefitEstimate.For(ClaimType.Jkm, schedule);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static Rupiah ToRupiah(decimal amount) => new(decimal.ToInt64(amount));

    private IEnumerable<(string Name, decimal? Amount, bool Optional)> Amounts() =>
    [
        (nameof(DeclaredMonthlyIncome), DeclaredMonthlyIncome, false),
        (nameof(JkmLumpSum), JkmLumpSum, false),
        (nameof(PeriodicBenefit), PeriodicBenefit, false),
        (nameof(FuneralCosts), FuneralCosts, false),
        (nameof(ScholarshipPerChild), ScholarshipPerChild, true),
    ];

    private IEnumerable<(string Name, int? Count, int Min, int Max)> Counts() =>
    [
        (nameof(ScholarshipChildren), ScholarshipChildren, 0, 10),
        (nameof(ScholarshipContributionMonths), ScholarshipContributionMonths, 0, 600),
        (nameof(FullPayMonths), FullPayMonths, 1, 600),
        (nameof(FullPayPercent), FullPayPercent, 0, 100),
        (nameof(ReducedPayPercent), ReducedPayPercent, 0, 100),
        (nameof(WorkAccidentDeathIncomeMonths), WorkAccidentDeathIncomeMonths, 0, 600),
    ];
}
