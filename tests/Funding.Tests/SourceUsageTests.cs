using PijarSemar.Contracts;
using PijarSemar.Contracts.Funding;
using PijarSemar.Funding.Domain;
using Xunit;

namespace PijarSemar.Funding.Tests;

/// <summary>The quota, budget and sponsor rules as pure arithmetic, without a database.</summary>
public sealed class SourceUsageTests
{
    private static SourceUsage Usage(int quota, long budget, Func<int, int> activeInMonth, long? tariff = 16_800) =>
        new(quota, budget, [.. Enumerable.Range(1, 12).Select(m => new MonthUsage(new Period(2027, m), activeInMonth(m), tariff))]);

    [Fact]
    public void The_remaining_quota_is_the_quota_minus_the_busiest_month()
    {
        var usage = Usage(quota: 10, budget: 10_000_000, m => m is >= 3 and <= 5 ? 7 : 2);

        Assert.Equal(3, usage.RemainingQuota);
        Assert.Equal(((3 * 7) + (9 * 2)) * 16_800L, usage.ProjectedCost!.Value.Amount);
    }

    [Fact]
    public void An_addition_is_refused_for_the_first_full_month_it_would_cover_even_when_other_months_have_room()
    {
        var usage = Usage(quota: 5, budget: long.MaxValue / 2, m => m == 8 ? 5 : 0);

        Assert.IsType<UsageCheck.Fits>(usage.CheckAddition(new Period(2027, 1), new Period(2027, 7)));
        var full = Assert.IsType<UsageCheck.QuotaExhausted>(usage.CheckAddition(new Period(2027, 6), new Period(2027, 12)));
        Assert.Equal(new Period(2027, 8), full.Month);
    }

    [Fact]
    public void An_addition_that_fits_the_budget_exactly_is_taken_and_one_rupiah_short_is_refused()
    {
        var exact = Usage(quota: 100, budget: (12 + 3) * 16_800L, m => 1);
        var short1 = Usage(quota: 100, budget: ((12 + 3) * 16_800L) - 1, m => 1);

        Assert.IsType<UsageCheck.Fits>(exact.CheckAddition(new Period(2027, 10), new Period(2027, 12)));
        var over = Assert.IsType<UsageCheck.BudgetExhausted>(short1.CheckAddition(new Period(2027, 10), new Period(2027, 12)));
        Assert.Equal((3 * 16_800L) - 1, over.RemainingBudget.Amount);
    }

    [Fact]
    public void A_month_without_a_tariff_leaves_the_cost_unknown_only_when_it_is_funded_or_requested()
    {
        var usage = new SourceUsage(10, 1_000_000, [new(new Period(2027, 1), 0, null), new(new Period(2027, 2), 1, 16_800)]);

        Assert.Equal(16_800L, usage.ProjectedCost!.Value.Amount);
        Assert.IsType<UsageCheck.Fits>(usage.CheckAddition(new Period(2027, 2), new Period(2027, 2)));
        var missing = Assert.IsType<UsageCheck.TariffMissing>(usage.CheckAddition(new Period(2027, 1), new Period(2027, 2)));
        Assert.Equal([new Period(2027, 1)], missing.Months);
    }

    [Theory]
    [InlineData(FundingSourceType.Asn, "Asn", true)]
    [InlineData(FundingSourceType.Asn, "Pppk", true)]
    [InlineData(FundingSourceType.Asn, "Company", false)]
    [InlineData(FundingSourceType.Csr, "Company", true)]
    [InlineData(FundingSourceType.Csr, "Asn", false)]
    [InlineData(FundingSourceType.Csr, "Pppk", false)]
    [InlineData(FundingSourceType.Apbd, "Asn", false)]
    [InlineData(FundingSourceType.Dbhcht, "Company", false)]
    public void Each_source_type_takes_only_its_sponsor_types(FundingSourceType source, string sponsor, bool accepted) =>
        Assert.Equal(accepted, SponsorRule.Accepts(source, sponsor));

    [Fact]
    public void Only_Asn_and_Csr_sources_require_a_sponsor() =>
        Assert.Equal([FundingSourceType.Csr, FundingSourceType.Asn], Enum.GetValues<FundingSourceType>().Where(SponsorRule.RequiresSponsor));

    [Fact]
    public void A_source_code_is_trimmed_and_must_be_capitals_digits_and_dashes()
    {
        var (valid, _) = FundingSourceRules.Validate(new CreateFundingSourceRequest(" CSR-DJARUM-2027 ", "CSR", "csr", 2027, 50, new Rupiah(0)));
        var (invalid, errors) = FundingSourceRules.Validate(new CreateFundingSourceRequest("csr_djarum", "CSR", "Csr", 2027, 50, new Rupiah(0)));

        Assert.Equal(("CSR-DJARUM-2027", FundingSourceType.Csr), (valid!.Code, valid.Type));
        Assert.Null(invalid);
        Assert.Equal(["code"], errors.Keys);
    }
}
