using PijarSemar.ServiceDefaults.Time;
using System.Globalization;
using System.Net.Http.Json;
using PijarSemar.Billing.Coverage;
using PijarSemar.Billing.Runs;
using PijarSemar.Billing.Tests.Payments;
using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Billing.Tests;

/// <summary>
/// Two Billing replicas on one database and one set of queues, as Kubernetes runs them: whatever
/// both are asked to do, and whatever both runners find, happens once.
/// </summary>
public sealed class ReplicaSafetyTests(BillingFixture billing) : IClassFixture<BillingFixture>, IAsyncLifetime
{
    private static readonly Period Current = SemarangTime.CurrentPeriod(TimeProvider.System);

    private ServiceFactory<Program>? _second;

    private ServiceFactory<Program> Second => _second ?? throw new InvalidOperationException("The second replica has not started.");

    /// <summary>The second replica: the fixture's settings, so it shares the database, the queues and the run job's timing.</summary>
    public async Task InitializeAsync()
    {
        _second = await billing.StartReplicaAsync();
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_billing_run_asked_of_both_replicas_at_once_is_one_run_run_once_with_one_line_per_worker_and_one_event_per_invoice()
    {
        var month = new Period(2026, 3);
        await billing.FundAsync(30, Guid.NewGuid(), "Apbd", null, month);
        await billing.FundAsync(10, Guid.NewGuid(), "Csr", Guid.NewGuid(), month);
        var first = billing.ClientAs(Roles.Finance);
        var second = Second.ClientAs(Roles.Finance);

        var posted = await Task.WhenAll(
            first.PostAsJsonAsync("/api/v1/billing-runs", new { period = month }),
            second.PostAsJsonAsync("/api/v1/billing-runs", new { period = month }));
        var runs = await Task.WhenAll(posted.Select(response => response.Content.ReadFromJsonAsync<BillingRunResponse>()));

        Assert.All(posted, response => Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString()));
        Assert.Equal(runs[0]!.Id, runs[1]!.Id);
        var run = await first.CompletedRunAsync(runs[0]!.Id);

        // Both runners found the run queued; one attempt means the other never started it.
        Assert.Equal((2, 40, 40 * 16_800L, 1), (run.InvoiceCount, run.LineCount, run.Total, run.Attempts));
        Assert.Equal(1L, await billing.ScalarAsync<long>("SELECT count(*) FROM billing_runs WHERE period = @p", ("p", month.FirstDay)));
        Assert.Equal(40L, await billing.ScalarAsync<long>("SELECT count(*) FROM invoice_lines WHERE period = @p", ("p", month.FirstDay)));
        Assert.Equal((0L, 0L), await billing.ConsistencyAsync(month));
        Assert.Equal(2L, await billing.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE payload->>'runId' = @run", ("run", run.Id.ToString())));
    }

    [Fact]
    public async Task The_lapse_check_run_by_both_replicas_at_once_tells_each_lapse_once()
    {
        var lapsing = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToList();
        var paid = Guid.CreateVersion7();
        await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-5), lapsing);
        await BilledInvoices.IssueAsync(billing.ConnectionString, Current.AddMonths(-7), [paid], paid: BilledInvoices.Contribution);
        var first = billing.ClientAs(Roles.Finance);
        var second = Second.ClientAs(Roles.Finance);

        var checks = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[]
        {
            first.PostAsync(new Uri("/api/v1/coverage-lapses/runs", UriKind.Relative), null),
            second.PostAsync(new Uri("/api/v1/coverage-lapses/runs", UriKind.Relative), null),
        }));
        Assert.All(checks, response => Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString()));

        // Each replica also checks once when it starts, so other lapses may be found beside these:
        // whoever finds a lapse, it is one row and one event.
        Assert.Equal(
            await billing.ScalarAsync<long>("SELECT count(*) FROM coverage_lapses"),
            await billing.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%CoverageLapsed%'"));
        foreach (var worker in lapsing)
        {
            Assert.Equal(1L, await billing.ScalarAsync<long>("SELECT count(*) FROM coverage_lapses WHERE worker_id = @w", ("w", worker)));
            Assert.Equal(1L, await LapseEventsAsync(worker));
        }

        Assert.Equal(0L, await LapseEventsAsync(paid));
    }

    private Task<long> LapseEventsAsync(Guid workerId) => billing.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%CoverageLapsed%' AND payload->>'workerId' = @w",
        ("w", workerId.ToString("D", CultureInfo.InvariantCulture)));
}
