using PijarSemar.Billing.Tariffs;
using PijarSemar.Contracts;
using Xunit;

namespace PijarSemar.Billing.Tests;

public sealed class ContributionTests
{
    [Fact]
    public void One_million_rupiah_at_one_percent_plus_6800_is_16800_rupiah_a_month() =>
        Assert.Equal(16_800, Tariff.From(new Period(2025, 1), 1_000_000, 0.01m, 6_800).MonthlyContribution);

    [Theory]
    [InlineData(1_234_567, "0.0124", 6_800, 22_108)]   // JKK 15,308.63 → 15,308
    [InlineData(999_999, "0.01", 6_800, 16_799)]       // JKK 9,999.99 → 9,999: never rounded up
    [InlineData(1_000_000, "0.0024", 0, 2_400)]        // exact: nothing to round
    public void The_jkk_part_is_rounded_down_to_the_whole_rupiah_before_the_flat_jkm_is_added(long incomeBase, string jkkRate, long jkm, long expected) =>
        Assert.Equal(expected, Tariff.From(new Period(2026, 1), incomeBase, decimal.Parse(jkkRate, System.Globalization.CultureInfo.InvariantCulture), jkm).MonthlyContribution);

    [Fact]
    public void A_contribution_that_does_not_fit_in_rupiah_throws_rather_than_wrapping() =>
        Assert.Throws<OverflowException>(() => Tariff.From(new Period(2026, 1), 1_000, 0.5m, long.MaxValue).MonthlyContribution);
}
