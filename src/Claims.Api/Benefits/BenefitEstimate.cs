using PijarSemar.Claims.Domain;
using PijarSemar.Contracts;

namespace PijarSemar.Claims.Benefits;

/// <summary>What an amount of a <see cref="BenefitLine"/> is counted per.</summary>
public static class BenefitPer
{
    public const string Once = "Once";
    public const string Month = "Month";
    public const string Child = "Child";
}

/// <summary>
/// One benefit that may apply: <see cref="Amount"/> is null where the schedule gives none (medical
/// care has no cap), <see cref="Per"/> says what it is counted per, and <see cref="Condition"/>
/// says when it is due, where that is not certain from the claim alone.
/// </summary>
public sealed record BenefitLine(string Code, string Description, Rupiah? Amount, string? Per, string? Condition);

/// <summary>
/// The benefits a claim's type may bring under a <see cref="BenefitSchedule"/> (domain.md).
/// <see cref="KnownTotal"/> adds the amounts paid once without a condition, the part that is known
/// from the schedule alone; monthly, per-child and conditional amounts depend on what happens next,
/// so they are shown but not added. It is null when no amount is known that way (a JKK claim).
/// Arithmetic is checked: a schedule whose amounts do not fit throws <see cref="OverflowException"/>.
/// </summary>
public sealed record BenefitEstimate(IReadOnlyList<BenefitLine> Lines, Rupiah? KnownTotal)
{
    public static BenefitEstimate For(string claimType, BenefitSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        IReadOnlyList<BenefitLine> lines = claimType switch
        {
            ClaimType.Jkk => Jkk(schedule),
            ClaimType.Jkm => Jkm(schedule),
            _ => throw new ArgumentOutOfRangeException(nameof(claimType), claimType, "Not a claim type."),
        };
        var known = lines.Where(l => l is { Amount: not null, Per: BenefitPer.Once, Condition: null }).Select(l => l.Amount!.Value).ToList();
        return new BenefitEstimate(lines, known.Count == 0 ? null : Rupiah.Sum(known));
    }

    /// <summary>Death from any cause: paid to the heirs.</summary>
    private static List<BenefitLine> Jkm(BenefitSchedule s)
    {
        List<BenefitLine> lines =
        [
            new("JkmLumpSum", "Death benefit paid to the heirs as a lump sum", s.JkmLumpSum, BenefitPer.Once, null),
            new("PeriodicBenefit", "Periodic benefit, paid at once", s.PeriodicBenefit, BenefitPer.Once, null),
            new("FuneralCosts", "Funeral costs", s.FuneralCosts, BenefitPer.Once, null),
        ];
        if (s.ScholarshipChildren > 0)
        {
            lines.Add(new(
                "Scholarship",
                $"School scholarship for up to {s.ScholarshipChildren} children",
                s.ScholarshipPerChild,
                s.ScholarshipPerChild is null ? null : BenefitPer.Child,
                $"Only after at least {s.ScholarshipContributionMonths} months of contributions."));
        }

        return lines;
    }

    /// <summary>A work accident, commuting included: care, pay while unable to work, and more if the worker dies of it.</summary>
    private static List<BenefitLine> Jkk(BenefitSchedule s)
    {
        var income = s.DeclaredMonthlyIncome;
        const string IfDeath = "Only if the worker dies from the accident.";
        return
        [
            new("MedicalCare", "Medical care and treatment as needed, with no cap, paid to the health facility", null, null, null),
            new(
                "TemporaryDisabilityPay",
                $"Pay while temporarily unable to work: {s.FullPayPercent}% of the declared monthly income",
                PercentOf(income, s.FullPayPercent),
                BenefitPer.Month,
                $"For each month the worker cannot work, in the first {s.FullPayMonths} months."),
            new(
                "TemporaryDisabilityReducedPay",
                $"Pay while temporarily unable to work after the first {s.FullPayMonths} months: {s.ReducedPayPercent}% of the declared monthly income",
                PercentOf(income, s.ReducedPayPercent),
                BenefitPer.Month,
                "For each further month until the worker recovers."),
            new(
                "WorkAccidentDeath",
                $"Death from the work accident: {s.WorkAccidentDeathIncomeMonths} × the declared monthly income",
                income * s.WorkAccidentDeathIncomeMonths,
                BenefitPer.Once,
                IfDeath),
            new("WorkAccidentDeathPeriodicBenefit", "Periodic benefit after a death from the work accident, paid at once", s.PeriodicBenefit, BenefitPer.Once, IfDeath),
            new("WorkAccidentDeathFuneralCosts", "Funeral costs after a death from the work accident", s.FuneralCosts, BenefitPer.Once, IfDeath),
            new("ReturnToWork", "Return-to-work programme: rehabilitation and training until the worker can work again", null, null, "When the injury keeps the worker from their work."),
        ];
    }

    /// <summary>A percentage of an amount, rounded down to the whole rupiah.</summary>
    private static Rupiah PercentOf(Rupiah amount, int percent) => new(checked(amount.Amount * percent) / 100);
}
