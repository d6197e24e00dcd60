using PijarSemar.ServiceDefaults.Time;
using System.Net.Http.Json;
using PijarSemar.Billing.Coverage;
using PijarSemar.Billing.Tests.Payments;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Billing.Tests.Coverage;

/// <summary>Coverage and lapses against the real database, with months counted back from the current one.</summary>
public sealed class CoverageTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private static readonly Period Current = SemarangTime.CurrentPeriod(TimeProvider.System);

    private async Task<CoverageResponse> CoverageAsync(Guid workerId, DateOnly date) =>
        (await billing.ClientAs(Roles.ClaimsOfficer).GetFromJsonAsync<CoverageResponse>($"/api/v1/coverage/{workerId}?date={date:yyyy-MM-dd}"))!;

    private async Task<string[]> StatusesAsync(Guid workerId, Period period) =>
        [(await CoverageAsync(workerId, period.FirstDay)).Status, (await CoverageAsync(workerId, period.LastDay)).Status];

    [Fact]
    public async Task A_paid_month_is_covered_from_its_first_to_its_last_day_and_the_days_around_it_are_not()
    {
        var worker = Guid.CreateVersion7();
        var month = Current.AddMonths(-1);
        var invoiceId = await BilledInvoices.IssueAsync(billing.ConnectionString, month, [worker], paid: BilledInvoices.Contribution);

        var first = await CoverageAsync(worker, month.FirstDay);

        Assert.Equal(("Covered", invoiceId, month.ToString()), (first.Status, first.InvoiceId, first.Period));
        Assert.Equal(["Covered", "Covered"], await StatusesAsync(worker, month));
        Assert.Equal("NotCovered", (await CoverageAsync(worker, month.FirstDay.AddDays(-1))).Status);
        Assert.Equal("NotCovered", (await CoverageAsync(worker, month.LastDay.AddDays(1))).Status);
    }

    [Fact]
    public async Task An_unpaid_month_is_pending_three_months_on_and_lapsed_the_fourth()
    {
        var withinWindow = Guid.CreateVersion7();
        var pastWindow = Guid.CreateVersion7();
        await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-3), [withinWindow]);
        await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-4), [pastWindow]);

        Assert.Equal(["PendingPayment", "PendingPayment"], await StatusesAsync(withinWindow, Current.AddMonths(-3)));
        Assert.Equal(["Lapsed", "Lapsed"], await StatusesAsync(pastWindow, Current.AddMonths(-4)));
    }

    [Fact]
    public async Task A_fourth_consecutive_unpaid_month_lapses_even_inside_the_window()
    {
        var worker = Guid.CreateVersion7();
        for (var back = 3; back >= 0; back--)
        {
            await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-back), [worker]);
        }

        Assert.Equal(["PendingPayment", "PendingPayment"], await StatusesAsync(worker, Current.AddMonths(-1)));
        Assert.Equal(["Lapsed", "Lapsed"], await StatusesAsync(worker, Current));
    }

    [Fact]
    public async Task The_lapse_check_run_twice_tells_each_lapse_once()
    {
        var pastWindow = Guid.CreateVersion7();
        var fourInARow = Guid.CreateVersion7();
        var withinWindow = Guid.CreateVersion7();
        var paid = Guid.CreateVersion7();
        await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-4), [pastWindow]);
        await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-6), [paid], paid: BilledInvoices.Contribution);
        await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-3), [withinWindow]);
        for (var back = 3; back >= 0; back--)
        {
            await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-back), [fourInARow]);
        }

        var finance = billing.ClientAs(Roles.Finance);
        (await finance.PostAsync("/api/v1/coverage-lapses/runs", null)).EnsureSuccessStatusCode();
        var second = await (await finance.PostAsync("/api/v1/coverage-lapses/runs", null)).Content.ReadFromJsonAsync<LapseRunResponse>();

        Assert.Equal(0, second!.Lapsed);
        Assert.Equal(1, await EventsAsync(pastWindow));
        Assert.Equal(1, await EventsAsync(fourInARow));
        Assert.Equal(0, await EventsAsync(withinWindow));
        Assert.Equal(0, await EventsAsync(paid));
        Assert.Equal(
            $"{Current.AddMonths(-3)}|{Current}",
            await billing.ScalarAsync<string>(
                "SELECT (payload->>'firstUnpaidPeriod') || '|' || (payload->>'lastUnpaidPeriod') FROM outbox_messages WHERE message_type LIKE '%CoverageLapsed%' AND payload->>'workerId' = @w::text",
                ("w", fourInARow)));
    }

    private Task<long> EventsAsync(Guid workerId) => billing.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%CoverageLapsed%' AND payload->>'workerId' = @w::text", ("w", workerId));
}
