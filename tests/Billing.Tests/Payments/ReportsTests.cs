using System.Net.Http.Json;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Billing.Tests.Payments;

public sealed class ReportsTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    [Fact]
    public async Task Reports_sum_billed_paid_and_outstanding_per_payer_and_per_source_over_the_year()
    {
        var apbd = Guid.CreateVersion7();
        var sponsor = Guid.CreateVersion7();
        var asnSource = Guid.CreateVersion7();
        await BilledInvoices.IssueAsync(billing.ConnectionString, new Period(2026, 1), [Guid.CreateVersion7(), Guid.CreateVersion7()], apbd, paid: 33_600);
        await BilledInvoices.IssueAsync(billing.ConnectionString, new Period(2026, 2), [Guid.CreateVersion7(), Guid.CreateVersion7()], apbd, paid: 10_000);
        await BilledInvoices.IssueAsync(billing.ConnectionString, new Period(2026, 2), [Guid.CreateVersion7()], asnSource, sponsor);
        await BilledInvoices.IssueAsync(billing.ConnectionString, new Period(2025, 12), [Guid.CreateVersion7()], apbd);
        var finance = billing.ClientAs(Roles.Finance);

        var february = await finance.GetFromJsonAsync<List<PayerPeriodReportRow>>("/api/v1/reports/periods/2026-02");
        var burn = await finance.GetFromJsonAsync<List<BudgetBurnRow>>("/api/v1/reports/budget-burn/2026");

        Assert.Equal(
            [(apbd, (Guid?)null, 33_600L, 10_000L, 23_600L), (asnSource, sponsor, 16_800L, 0L, 16_800L)],
            february!.Select(r => (r.FundingSourceId, r.SponsorId, r.Billed, r.Paid, r.Outstanding)).OrderBy(r => r.Item3 == 16_800));
        Assert.Equal(
            [(apbd, 67_200L, 43_600L), (asnSource, 16_800L, 0L)],
            burn!.Select(r => (r.FundingSourceId, r.Billed, r.Paid)).OrderByDescending(r => r.Item2));
    }
}
