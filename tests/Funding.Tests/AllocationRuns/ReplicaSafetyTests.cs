using System.Net;
using System.Net.Http.Json;
using PijarSemar.Funding.AllocationRuns;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests.AllocationRuns;

/// <summary>
/// Two Funding replicas on one database and one set of queues, as Kubernetes runs them: a run is
/// run once, and runs on both replicas at once never fund past a quota or fund a worker twice.
/// </summary>
public sealed class ReplicaSafetyTests(AllocatingFundingFixture funding) : IClassFixture<AllocatingFundingFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Verified = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);
    private ServiceFactory<Program>? _second;

    private FundingTestData Data => new(funding, _operator);

    private ServiceFactory<Program> Second => _second ?? throw new InvalidOperationException("The second replica has not started.");

    /// <summary>The second replica: the fixture's settings, and a quick poll, so its runner looks for queued runs while the first works.</summary>
    public async Task InitializeAsync()
    {
        _second = await funding.StartReplicaAsync(("Funding:AllocationRuns:PollInterval", "00:00:00.100"));
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_run_queued_on_one_replica_while_the_other_polls_is_run_once()
    {
        const int year = 2032;
        await Data.ExecuteAsync("DELETE FROM registry_workers");
        var eventsBefore = await AllocatedEventsAsync();
        var source = await Data.SourceAsync("Apbd", quota: 50, fiscalYear: year);
        for (var i = 0; i < 12; i++)
        {
            await WorkerAsync(Verified.AddMinutes(i));
        }

        var queued = await QueueAsync(_operator, year);
        var run = await FinishedAsync(queued.Id);

        Assert.Equal(("Completed", 1, 12), (run.Status, run.Attempts, run.Allocated));
        Assert.Equal(12L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE funding_source_id = @id", ("id", source.Id)));
        Assert.Equal(12L, await AllocatedEventsAsync() - eventsBefore);
    }

    [Fact]
    public async Task Runs_asked_of_both_replicas_at_once_fund_each_worker_once_and_never_past_the_quota()
    {
        const int year = 2033;
        await Data.ExecuteAsync("DELETE FROM registry_workers");
        var eventsBefore = await AllocatedEventsAsync();
        var source = await Data.SourceAsync("Apbd", quota: 15, fiscalYear: year);
        for (var i = 0; i < 25; i++)
        {
            await WorkerAsync(Verified.AddMinutes(i));
        }

        var queued = await Task.WhenAll(QueueAsync(_operator, year), QueueAsync(Second.ClientAs(Roles.Operator), year));
        var runs = await Task.WhenAll(queued.Select(run => FinishedAsync(run.Id)));

        Assert.All(runs, run => Assert.Equal("Completed", run.Status));
        Assert.Equal(15, runs.Sum(run => run.Allocated));
        Assert.Equal(15L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE funding_source_id = @id", ("id", source.Id)));
        Assert.Equal(15L, await funding.ScalarAsync<long>(
            "SELECT count(DISTINCT worker_id) FROM allocations WHERE funding_source_id = @id", ("id", source.Id)));
        Assert.Equal(15L, await AllocatedEventsAsync() - eventsBefore);
    }

    private static async Task<AllocationRunResponse> QueueAsync(HttpClient client, int year)
    {
        var response = await client.PostAsJsonAsync("/api/v1/allocation-runs", new { fiscalYear = year, startPeriod = $"{year}-03" });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AllocationRunResponse>())!;
    }

    private Task<AllocationRunResponse> FinishedAsync(Guid runId) => Eventually.ReturnsAsync(
        async () => await _operator.GetFromJsonAsync<AllocationRunResponse>($"/api/v1/allocation-runs/{runId}") is { Status: "Completed" or "Failed" } run ? run : null,
        TimeSpan.FromSeconds(30),
        $"allocation run {runId} finished");

    private Task<long> AllocatedEventsAsync() =>
        funding.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%FundingAllocated%'");

    private async Task WorkerAsync(DateTimeOffset lastChanged) => await Data.ExecuteAsync(
        "INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version) VALUES (@id, 'Verified', 'nelayan', 'Tugu', false, @at, 2)",
        ("id", Guid.NewGuid()), ("at", lastChanged));
}
