using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Events;
using PijarSemar.Funding.AllocationRuns;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests.AllocationRuns;

/// <summary>
/// A run considers every verified worker in the database, so each test starts from an empty
/// worker read model and uses a fiscal year of its own (the class has its database and broker to itself).
/// </summary>
public sealed class AllocationRunTests(AllocationRunTests.OwnBrokerFixture funding) : IClassFixture<AllocationRunTests.OwnBrokerFixture>
{
    /// <summary>
    /// Funding on a broker of its own: on the shared one, the worker events other classes publish
    /// reach this service's queues too and add verified workers between a test's runs.
    /// </summary>
    public sealed class OwnBrokerFixture : AllocatingFundingFixture
    {
        protected override bool OwnsBroker => true;
    }

    private static readonly DateTimeOffset Verified = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);
    private FundingTestData Data => new(funding, _operator);

    [Fact]
    public async Task A_run_funds_P3KE_listed_workers_first_then_the_earliest_verified_filling_Apbd_before_Dbhcht_up_to_each_free_quota()
    {
        const int year = 2030;
        await ForgetWorkersAsync();
        var apbd = await Data.SourceAsync("Apbd", quota: 4, fiscalYear: year);
        var dbhcht = await Data.SourceAsync("Dbhcht", quota: 2, fiscalYear: year);
        var asn = await Data.SourceAsync("Asn", quota: 100, fiscalYear: year);

        var alreadyFunded = await WorkerAsync(p3ke: true, Verified);
        await AllocationAsync(alreadyFunded, apbd.Id, "Apbd", $"{year}-03-01", $"{year}-12-01");   // takes one Apbd slot in the window
        var fundedBeforeWindow = await WorkerAsync(p3ke: false, Verified.AddMinutes(30));
        await AllocationAsync(fundedBeforeWindow, apbd.Id, "Apbd", $"{year}-01-01", $"{year}-02-01");   // no slot in the window
        var p3keFirst = await WorkerAsync(p3ke: true, Verified.AddHours(1));
        var p3keSecond = await WorkerAsync(p3ke: true, Verified.AddHours(2));
        var earliest = await WorkerAsync(p3ke: false, Verified);
        var tiedA = await WorkerAsync(p3ke: false, Verified.AddHours(1));
        var tiedB = await WorkerAsync(p3ke: false, Verified.AddHours(1));
        var latest = await WorkerAsync(p3ke: false, Verified.AddHours(9));
        await WorkerAsync(p3ke: true, Verified, status: "Registered");
        var tieFirst = await FirstInPostgresOrderAsync(tiedA, tiedB);
        var tieSecond = tieFirst == tiedA ? tiedB : tiedA;

        var run = await RunAsync(year, $"{year}-03");

        Assert.Equal(("Completed", 7, 5, 2), (run.Status, run.Considered, run.Allocated, run.LeftUnfunded));
        Assert.Equal(
            [(apbd.Id, 3L, 3L), (dbhcht.Id, 2L, 2L)],
            run.Sources.Select(s => (s.FundingSourceId, s.Capacity, s.Allocated)));
        var funded = await FundedByRunAsync(run.Id);
        Assert.Equal(
            new Dictionary<Guid, Guid>
            {
                [p3keFirst] = apbd.Id, [p3keSecond] = apbd.Id, [earliest] = apbd.Id,
                [fundedBeforeWindow] = dbhcht.Id, [tieFirst] = dbhcht.Id,
            },
            funded);
        Assert.DoesNotContain(tieSecond, funded.Keys);
        Assert.DoesNotContain(latest, funded.Keys);
        Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE funding_source_id = @id", ("id", asn.Id)));
        Assert.Equal(0, (await Data.SourceByIdAsync(apbd.Id)).RemainingQuota);
    }

    [Fact]
    public async Task A_source_takes_only_as_many_workers_as_its_remaining_budget_pays_for_over_the_window()
    {
        const int year = 2031;
        await ForgetWorkersAsync();
        // A whole year already funded (12 months) plus two window-long allocations (10 months each)
        // and 9 months to spare: the budget pays for 2 more, the quota for 99.
        var apbd = await Data.SourceAsync("Apbd", quota: 100, budget: FundingTestData.Tariff * (12 + 20 + 9), fiscalYear: year);
        await AllocationAsync(await WorkerAsync(p3ke: false, Verified), apbd.Id, "Apbd", $"{year}-01-01", $"{year}-12-01");
        var candidates = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            candidates.Add(await WorkerAsync(p3ke: false, Verified.AddHours(i + 1)));
        }

        var run = await RunAsync(year, $"{year}-03");

        Assert.Equal(("Completed", 4, 2, 2), (run.Status, run.Considered, run.Allocated, run.LeftUnfunded));
        Assert.Equal(candidates[..2].Order(), (await FundedByRunAsync(run.Id)).Keys.Order());
        Assert.Equal(FundingTestData.Tariff * 9, (await Data.SourceByIdAsync(apbd.Id)).RemainingBudget?.Amount);
    }

    [Fact]
    public async Task A_second_run_for_the_same_year_and_period_allocates_nobody_already_funded()
    {
        const int year = 2032;
        await ForgetWorkersAsync();
        var apbd = await Data.SourceAsync("Apbd", quota: 10, fiscalYear: year);
        for (var i = 0; i < 3; i++)
        {
            await WorkerAsync(p3ke: i == 0, Verified.AddHours(i));
        }

        var first = await RunAsync(year, $"{year}-06");
        var second = await RunAsync(year, $"{year}-06");

        Assert.Equal((3, 3), (first.Considered, first.Allocated));
        Assert.Equal(("Completed", 0, 0, 0), (second.Status, second.Considered, second.Allocated, second.LeftUnfunded));
        Assert.Equal(3L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE funding_source_id = @id", ("id", apbd.Id)));
    }

    [Fact]
    public async Task Each_allocation_of_a_run_publishes_one_FundingAllocated_that_the_consumer_reads_with_the_allocation_s_values()
    {
        const int year = 2033;
        await ForgetWorkersAsync();
        await using var events = await PublishedEvents.ListenAsync(funding.Factory.Services);
        var dbhcht = await Data.SourceAsync("Dbhcht", quota: 10, fiscalYear: year);
        for (var i = 0; i < 3; i++)
        {
            await WorkerAsync(p3ke: false, Verified.AddHours(i));
        }

        var run = await RunAsync(year, $"{year}-04");

        var funded = await FundedByRunAsync(run.Id);
        Assert.Equal(3, funded.Count);
        Assert.Equal(3L, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE payload->>'fundingSourceId' = @id", ("id", dbhcht.Id.ToString())));
        Assert.Equal(3L, await funding.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log l JOIN allocations a ON a.id = l.entity_id WHERE a.allocation_run_id = @run AND l.action = 'Allocated'", ("run", run.Id)));
        var ids = await funding.ScalarAsync<Guid[]>("SELECT array_agg(id) FROM allocations WHERE allocation_run_id = @run", ("run", run.Id));
        foreach (var id in ids)
        {
            var arrived = Assert.IsType<FundingAllocated>(Assert.Single(await events.ForAllocationAsync(id, 1)));
            Assert.Equal(funded[arrived.WorkerId], arrived.FundingSourceId);
            Assert.Equal(("Dbhcht", (Guid?)null, $"{year}-04", $"{year}-12", year, 1L),
                (arrived.SourceType, arrived.SponsorId, arrived.StartPeriod.ToString(), arrived.EndPeriod.ToString(), arrived.FiscalYear, arrived.Version));
            Assert.NotEqual(default, arrived.OccurredAt);
        }

        // A moment for a doubled publication to arrive as well.
        await Task.Delay(500);
        Assert.Equal(3, events.Arrived.OfType<FundingAllocated>().Count(e => ids.Contains(e.AllocationId)));
    }

    [Fact]
    public async Task A_run_request_without_fiscal_year_or_start_period_or_with_a_start_outside_the_year_is_a_400_naming_the_field_and_queues_nothing()
    {
        var before = await funding.ScalarAsync<long>("SELECT count(*) FROM allocation_runs");

        await (await _operator.PostAsJsonAsync("/api/v1/allocation-runs", new { })).FieldsAsync("fiscalYear", "startPeriod");
        await (await _operator.PostAsJsonAsync("/api/v1/allocation-runs", new { fiscalYear = 2034, startPeriod = "2035-01" })).FieldsAsync("startPeriod");
        await (await _operator.PostAsJsonAsync("/api/v1/allocation-runs", new { fiscalYear = 2019, startPeriod = "2019-01" })).FieldsAsync("fiscalYear");

        Assert.Equal(before, await funding.ScalarAsync<long>("SELECT count(*) FROM allocation_runs"));
    }

    [Fact]
    public async Task Only_an_operator_starts_a_run_and_an_unknown_run_is_a_404()
    {
        var body = new { fiscalYear = 2035, startPeriod = "2035-01" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await funding.AnonymousClient().PostAsJsonAsync("/api/v1/allocation-runs", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await funding.ClientAs(Roles.Finance).PostAsJsonAsync("/api/v1/allocation-runs", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await funding.ClientAs(Roles.Sponsor).GetAsync("/api/v1/allocation-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await funding.AnonymousClient().GetAsync("/api/v1/allocation-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await funding.ClientAs(Roles.Auditor).GetAsync("/api/v1/allocation-runs")).StatusCode);
        await (await _operator.GetAsync($"/api/v1/allocation-runs/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<AllocationRunResponse> RunAsync(int year, string start)
    {
        var response = await _operator.PostAsJsonAsync("/api/v1/allocation-runs", new { fiscalYear = year, startPeriod = start });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var queued = (await response.Content.ReadFromJsonAsync<AllocationRunResponse>())!;
        Assert.Equal((year, start), (queued.FiscalYear, queued.StartPeriod.ToString()));
        var done = await Eventually.ReturnsAsync(
            async () => await _operator.GetFromJsonAsync<AllocationRunResponse>($"/api/v1/allocation-runs/{queued.Id}") is { Status: "Completed" or "Failed" } run ? run : null,
            TimeSpan.FromSeconds(30),
            $"allocation run {queued.Id} finished");
        var listed = (await _operator.GetFromJsonAsync<PijarSemar.Contracts.Paging.Page<AllocationRunResponse>>("/api/v1/allocation-runs?limit=1"))!;
        Assert.Equal(queued.Id, Assert.Single(listed.Items).Id);
        return done;
    }

    private Task ForgetWorkersAsync() => Data.ExecuteAsync("DELETE FROM registry_workers");

    private async Task<Guid> WorkerAsync(bool p3ke, DateTimeOffset lastChanged, string status = "Verified")
    {
        var id = Guid.NewGuid();
        await Data.ExecuteAsync(
            "INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version) VALUES (@id, @status, 'nelayan', 'Tugu', @p3ke, @at, 2)",
            ("id", id), ("status", status), ("p3ke", p3ke), ("at", lastChanged));
        return id;
    }

    private Task AllocationAsync(Guid worker, Guid source, string type, string start, string end) => Data.ExecuteAsync(
        """
        INSERT INTO allocations (id, worker_id, funding_source_id, source_type, start_month, end_month, status, version, created_at, created_by)
        VALUES (gen_random_uuid(), @worker, @source, @type, @start::date, @end::date, 'Active', 1, now(), 'test')
        """,
        ("worker", worker), ("source", source), ("type", type), ("start", start), ("end", end));

    /// <summary>PostgreSQL orders uuids bytewise, which is not Guid.CompareTo's order.</summary>
    private Task<Guid> FirstInPostgresOrderAsync(Guid a, Guid b) =>
        funding.ScalarAsync<Guid>("SELECT least(@a::uuid, @b::uuid)", ("a", a), ("b", b));

    private async Task<Dictionary<Guid, Guid>> FundedByRunAsync(Guid runId)
    {
        var rows = await funding.ScalarAsync<string>(
            "SELECT coalesce(string_agg(worker_id || '=' || funding_source_id, ','), '') FROM allocations WHERE allocation_run_id = @run", ("run", runId));
        return rows.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => Guid.Parse(pair[0]), pair => Guid.Parse(pair[1]));
    }
}
