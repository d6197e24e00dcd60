using PijarSemar.Claims.Benefits;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts;
using Xunit;

namespace PijarSemar.Claims.Tests.Benefits;

public sealed class BenefitEstimateTests
{
    /// <summary>The schedule of domain.md.</summary>
    internal static BenefitSchedule Schedule(long income = 1_000_000, long? scholarshipPerChild = null, int scholarshipChildren = 2) => new(
        DeclaredMonthlyIncome: new Rupiah(income),
        JkmLumpSum: new Rupiah(20_000_000),
        PeriodicBenefit: new Rupiah(12_000_000),
        FuneralCosts: new Rupiah(10_000_000),
        ScholarshipPerChild: scholarshipPerChild is { } perChild ? new Rupiah(perChild) : null,
        ScholarshipChildren: scholarshipChildren,
        ScholarshipContributionMonths: 36,
        FullPayMonths: 12,
        FullPayPercent: 100,
        ReducedPayPercent: 50,
        WorkAccidentDeathIncomeMonths: 48);

    private static IEnumerable<(string, long?, string?)> AmountsOf(BenefitEstimate estimate) =>
        estimate.Lines.Select(l => (l.Code, l.Amount?.Amount, l.Per));

    [Fact]
    public void A_JKM_estimate_is_the_lump_sum_periodic_benefit_and_funeral_costs_totalling_42_million()
    {
        var estimate = BenefitEstimate.For(ClaimType.Jkm, Schedule());

        Assert.Equal(
            [
                ("JkmLumpSum", 20_000_000L, BenefitPer.Once),
                ("PeriodicBenefit", 12_000_000L, BenefitPer.Once),
                ("FuneralCosts", 10_000_000L, BenefitPer.Once),
                ("Scholarship", (long?)null, (string?)null),
            ],
            AmountsOf(estimate));
        Assert.Equal(new Rupiah(42_000_000), estimate.KnownTotal);
    }

    [Fact]
    public void The_JKM_scholarship_is_listed_with_its_condition_and_no_amount_unless_one_is_configured()
    {
        var unconfigured = BenefitEstimate.For(ClaimType.Jkm, Schedule()).Lines.Single(l => l.Code == "Scholarship");
        var configured = BenefitEstimate.For(ClaimType.Jkm, Schedule(scholarshipPerChild: 1_500_000));

        Assert.Equal("School scholarship for up to 2 children", unconfigured.Description);
        Assert.Equal("Only after at least 36 months of contributions.", unconfigured.Condition);
        Assert.Null(unconfigured.Amount);
        var scholarship = configured.Lines.Single(l => l.Code == "Scholarship");
        Assert.Equal((new Rupiah(1_500_000), BenefitPer.Child), (scholarship.Amount!.Value, scholarship.Per));

        // Conditional on three years of contributions, which Claims does not know: shown, not added.
        Assert.Equal(new Rupiah(42_000_000), configured.KnownTotal);
    }

    [Fact]
    public void A_schedule_without_scholarships_lists_none()
    {
        var estimate = BenefitEstimate.For(ClaimType.Jkm, Schedule(scholarshipChildren: 0));

        Assert.DoesNotContain(estimate.Lines, l => l.Code == "Scholarship");
    }

    [Fact]
    public void A_JKK_estimate_lists_care_pay_per_month_death_benefits_and_return_to_work()
    {
        var estimate = BenefitEstimate.For(ClaimType.Jkk, Schedule());

        Assert.Equal(
            [
                ("MedicalCare", (long?)null, (string?)null),
                ("TemporaryDisabilityPay", 1_000_000L, BenefitPer.Month),
                ("TemporaryDisabilityReducedPay", 500_000L, BenefitPer.Month),
                ("WorkAccidentDeath", 48_000_000L, BenefitPer.Once),
                ("WorkAccidentDeathPeriodicBenefit", 12_000_000L, BenefitPer.Once),
                ("WorkAccidentDeathFuneralCosts", 10_000_000L, BenefitPer.Once),
                ("ReturnToWork", null, null),
            ],
            AmountsOf(estimate));
        Assert.Equal("For each month the worker cannot work, in the first 12 months.", estimate.Lines[1].Condition);
        Assert.All(estimate.Lines.Where(l => l.Code.StartsWith("WorkAccidentDeath", StringComparison.Ordinal)),
            l => Assert.Equal("Only if the worker dies from the accident.", l.Condition));
    }

    [Fact]
    public void A_JKK_estimate_has_no_known_total_since_every_amount_depends_on_what_happens_next()
    {
        Assert.Null(BenefitEstimate.For(ClaimType.Jkk, Schedule()).KnownTotal);
    }

    [Fact]
    public void Amounts_follow_the_declared_income_and_a_percentage_is_rounded_down_to_the_rupiah()
    {
        var estimate = BenefitEstimate.For(ClaimType.Jkk, Schedule(income: 1_000_001));

        Assert.Equal(new Rupiah(1_000_001), estimate.Lines.Single(l => l.Code == "TemporaryDisabilityPay").Amount);
        Assert.Equal(new Rupiah(500_000), estimate.Lines.Single(l => l.Code == "TemporaryDisabilityReducedPay").Amount);
        Assert.Equal(new Rupiah(48_000_048), estimate.Lines.Single(l => l.Code == "WorkAccidentDeath").Amount);
    }

    [Fact]
    public void An_income_whose_multiple_does_not_fit_throws_rather_than_wrapping()
    {
        Assert.Throws<OverflowException>(() => BenefitEstimate.For(ClaimType.Jkk, Schedule(income: long.MaxValue / 40)));
    }

    [Fact]
    public void An_income_whose_percentage_does_not_fit_throws_even_where_its_multiple_would()
    {
        // 48 × the income fits in a long, 100 × it (the percentage, before dividing) does not.
        Assert.Throws<OverflowException>(() => BenefitEstimate.For(ClaimType.Jkk, Schedule(income: long.MaxValue / 60)));
    }

    [Fact]
    public void A_JKM_total_that_does_not_fit_throws_rather_than_wrapping()
    {
        var huge = Schedule() with { JkmLumpSum = new Rupiah(long.MaxValue), FuneralCosts = new Rupiah(1) };

        Assert.Throws<OverflowException>(() => BenefitEstimate.For(ClaimType.Jkm, huge));
    }

    [Fact]
    public void An_unknown_claim_type_has_no_estimate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BenefitEstimate.For("Jht", Schedule()));
    }
}
