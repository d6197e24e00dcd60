using PijarSemar.Billing.Coverage;
using PijarSemar.Contracts;
using Xunit;

namespace PijarSemar.Billing.Tests.Coverage;

public sealed class CoverageRulesTests
{
    private static readonly Period Current = new(2026, 9);

    private static BilledMonth Month(int year, int month, bool paid = false) =>
        new(new Period(year, month), Guid.CreateVersion7(), Guid.CreateVersion7(), null, paid);

    [Fact]
    public void A_month_without_a_line_is_not_covered() =>
        Assert.Equal(CoverageRules.NotCovered, CoverageRules.Decide([Month(2026, 5, paid: true)], new Period(2026, 6), Current).Status);

    [Fact]
    public void An_unpaid_month_exactly_three_months_back_is_still_pending() =>
        Assert.Equal(CoverageRules.PendingPayment, CoverageRules.Decide([Month(2026, 6)], new Period(2026, 6), Current).Status);

    [Fact]
    public void An_unpaid_month_four_months_back_is_lapsed() =>
        Assert.Equal(CoverageRules.Lapsed, CoverageRules.Decide([Month(2026, 5)], new Period(2026, 5), Current).Status);

    [Fact]
    public void After_four_unpaid_months_a_later_unpaid_month_is_lapsed_even_after_a_gap()
    {
        List<BilledMonth> billed = [Month(2026, 3), Month(2026, 4), Month(2026, 5), Month(2026, 6), Month(2026, 8)];

        Assert.Equal(CoverageRules.Lapsed, CoverageRules.Decide(billed, new Period(2026, 8), Current).Status);
    }

    [Fact]
    public void A_paid_month_after_a_lapse_starts_afresh()
    {
        List<BilledMonth> billed = [Month(2026, 2), Month(2026, 3), Month(2026, 4), Month(2026, 5), Month(2026, 6, paid: true), Month(2026, 8)];

        Assert.Equal(CoverageRules.Covered, CoverageRules.Decide(billed, new Period(2026, 6), Current).Status);
        Assert.Equal(CoverageRules.PendingPayment, CoverageRules.Decide(billed, new Period(2026, 8), Current).Status);
    }

    [Fact]
    public void Three_unpaid_months_in_a_row_are_pending_and_a_fourth_lapses()
    {
        List<BilledMonth> billed = [Month(2026, 6), Month(2026, 7), Month(2026, 8), Month(2026, 9)];

        Assert.Equal(CoverageRules.PendingPayment, CoverageRules.Decide(billed, new Period(2026, 8), Current).Status);
        Assert.Equal(CoverageRules.Lapsed, CoverageRules.Decide(billed, new Period(2026, 9), Current).Status);
    }
}
