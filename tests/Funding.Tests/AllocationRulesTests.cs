using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Funding;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests;

public sealed class AllocationRulesTests(AllocatingFundingFixture funding) : IClassFixture<AllocatingFundingFixture>
{
    private const long Year = 12 * FundingTestData.Tariff;

    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);
    private FundingTestData Data => new(funding, _operator);

    [Fact]
    public async Task A_source_shows_its_remaining_quota_projected_cost_and_remaining_budget()
    {
        var source = await Data.SourceAsync(quota: 10, budget: 1_000_000);
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-01");
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-03", "2027-05");

        var shown = await Data.SourceByIdAsync(source.Id);

        Assert.Equal(8, shown.RemainingQuota);
        Assert.Equal(15 * FundingTestData.Tariff, shown.ProjectedCost!.Value.Amount);
        Assert.Equal(1_000_000 - (15 * FundingTestData.Tariff), shown.RemainingBudget!.Value.Amount);
        Assert.Equal(0, shown.AllocatedNow);
    }

    [Fact]
    public async Task Allocated_now_counts_the_allocations_funding_the_current_month()
    {
        var now = DateTime.UtcNow.AddHours(7);
        var source = await Data.SourceAsync(fiscalYear: now.Year);
        var month = $"{now.Year:D4}-{now.Month:D2}";
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, month, month);

        Assert.Equal(1, (await Data.SourceByIdAsync(source.Id)).AllocatedNow);
    }

    [Fact]
    public async Task An_allocation_that_would_overrun_the_budget_is_a_409_naming_the_budget_and_one_that_fits_exactly_is_taken()
    {
        var source = await Data.SourceAsync(quota: 100, budget: (2 * Year) + (5 * FundingTestData.Tariff));
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-01");
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-01");

        var refused = await (await Data.AllocateAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-01")).ProblemAsync(HttpStatusCode.Conflict);
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-08");
        var oneMonthMore = await (await Data.AllocateAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-01", "2027-01")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(("Budget exhausted.", "budget"), (refused.Title(), refused.GetProperty("reason").GetString()));
        Assert.Equal(5 * FundingTestData.Tariff, refused.GetProperty("remainingBudget").GetInt64());
        Assert.Equal("budget", oneMonthMore.GetProperty("reason").GetString());
        Assert.Equal(0, (await Data.SourceByIdAsync(source.Id)).RemainingBudget!.Value.Amount);
        Assert.Equal(3L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE funding_source_id = @id", ("id", source.Id)));
    }

    [Fact]
    public async Task A_slot_freed_by_an_end_is_reusable_from_the_month_after_not_before()
    {
        var source = await Data.SourceAsync(quota: 1);
        var first = await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-01");
        var waiting = await Data.VerifiedWorkerAsync();
        var full = await (await Data.AllocateAsync(waiting, source.Id, "2027-01")).ProblemAsync(HttpStatusCode.Conflict);

        var ended = await _operator.PostAsJsonAsync($"/api/v1/allocations/{first.Id}/end", new { endPeriod = "2027-06", reason = "Moved to another program" });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var stillFull = await (await Data.AllocateAsync(waiting, source.Id, "2027-06")).ProblemAsync(HttpStatusCode.Conflict);
        var reused = await Data.AllocatedAsync(waiting, source.Id, "2027-07");

        Assert.Equal(("quota", "2027-01"), (full.GetProperty("reason").GetString(), full.GetProperty("month").GetString()));
        Assert.Equal("2027-06", stillFull.GetProperty("month").GetString());
        Assert.Equal(("2027-07", "2027-12"), (reused.StartPeriod.ToString(), reused.EndPeriod.ToString()));
    }

    [Fact]
    public async Task A_worker_already_funded_in_an_overlapping_month_is_a_409_naming_the_existing_allocation()
    {
        var worker = await Data.VerifiedWorkerAsync();
        var city = await Data.SourceAsync();
        var excise = await Data.SourceAsync(type: "Dbhcht");
        var existing = await Data.AllocatedAsync(worker, city.Id, "2027-01", "2027-06");

        var overlap = await (await Data.AllocateAsync(worker, excise.Id, "2027-06")).ProblemAsync(HttpStatusCode.Conflict);
        var after = await Data.AllocatedAsync(worker, excise.Id, "2027-07");

        Assert.Equal("Worker already funded in an overlapping period.", overlap.Title());
        Assert.Equal(existing.Id, overlap.GetProperty("existingAllocationId").GetGuid());
        Assert.Equal("2027-07", after.StartPeriod.ToString());
        Assert.Equal(2L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE worker_id = @id", ("id", worker)));
    }

    [Fact]
    public async Task Asn_sources_take_Asn_and_Pppk_sponsors_and_Csr_sources_take_companies_only()
    {
        var asn = await Data.SourceAsync(type: "Asn");
        var csr = await Data.SourceAsync(type: "Csr");

        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), asn.Id, "2027-01", sponsorId: await Data.SponsorAsync("Asn"));
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), asn.Id, "2027-01", sponsorId: await Data.SponsorAsync("Pppk"));
        var company = await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), csr.Id, "2027-01", sponsorId: await Data.SponsorAsync("Company"));
        var companyUnderAsn = await Data.AllocateAsync(await Data.VerifiedWorkerAsync(), asn.Id, "2027-01", sponsorId: await Data.SponsorAsync("Company"));
        var civilServantUnderCsr = await Data.AllocateAsync(await Data.VerifiedWorkerAsync(), csr.Id, "2027-01", sponsorId: await Data.SponsorAsync("Asn"));

        Assert.Equal(("Csr", true), (company.SourceType, company.SponsorId.HasValue));
        Assert.Equal("Sponsor does not fit the source.", (await companyUnderAsn.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
        Assert.Equal("Sponsor does not fit the source.", (await civilServantUnderCsr.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
    }

    [Fact]
    public async Task A_sponsor_is_required_for_Asn_and_Csr_refused_for_Apbd_and_must_exist_and_be_active()
    {
        var asn = await Data.SourceAsync(type: "Asn");
        var csr = await Data.SourceAsync(type: "Csr");
        var apbd = await Data.SourceAsync(type: "Apbd");
        var worker = await Data.VerifiedWorkerAsync();

        await (await Data.AllocateAsync(worker, asn.Id, "2027-01")).FieldsAsync("sponsorId");
        await (await Data.AllocateAsync(worker, csr.Id, "2027-01")).FieldsAsync("sponsorId");
        await (await Data.AllocateAsync(worker, apbd.Id, "2027-01", sponsorId: await Data.SponsorAsync("Asn"))).FieldsAsync("sponsorId");
        await (await Data.AllocateAsync(worker, asn.Id, "2027-01", sponsorId: Guid.NewGuid())).ProblemAsync(HttpStatusCode.NotFound);
        var inactive = await (await Data.AllocateAsync(worker, asn.Id, "2027-01", sponsorId: await Data.SponsorAsync("Asn", active: false)))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Sponsor is not active.", inactive.Title());
        Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE worker_id = @id", ("id", worker)));
    }

    [Fact]
    public async Task A_sponsors_allocations_are_listed_by_sponsor_id()
    {
        var asn = await Data.SourceAsync(type: "Asn");
        var sponsor = await Data.SponsorAsync("Asn");
        var first = await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), asn.Id, "2027-01", sponsorId: sponsor);
        var second = await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), asn.Id, "2027-02", sponsorId: sponsor);
        await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), asn.Id, "2027-01", sponsorId: await Data.SponsorAsync("Pppk"));

        var page = await _operator.GetFromJsonAsync<Contracts.Paging.Page<AllocationResponse>>($"/api/v1/allocations?sponsorId={sponsor}&limit=1");
        var next = await _operator.GetFromJsonAsync<Contracts.Paging.Page<AllocationResponse>>($"/api/v1/allocations?sponsorId={sponsor}&limit=1&cursor={page!.NextCursor}");

        Assert.Equal([first.Id], page.Items.Select(a => a.Id));
        Assert.Equal([second.Id], next!.Items.Select(a => a.Id));
        Assert.Null(next.NextCursor);
    }

    [Fact]
    public async Task Allocations_are_filtered_by_worker_source_and_the_month_they_fund()
    {
        var worker = await Data.VerifiedWorkerAsync();
        var source = await Data.SourceAsync();
        var spring = await Data.AllocatedAsync(worker, source.Id, "2027-03", "2027-05");
        var autumn = await Data.AllocatedAsync(worker, source.Id, "2027-09", "2027-11");

        var april = await _operator.GetFromJsonAsync<Contracts.Paging.Page<AllocationResponse>>($"/api/v1/allocations?workerId={worker}&period=2027-04");
        var ofSource = await _operator.GetFromJsonAsync<Contracts.Paging.Page<AllocationResponse>>($"/api/v1/allocations?fundingSourceId={source.Id}");

        Assert.Equal([spring.Id], april!.Items.Select(a => a.Id));
        Assert.Equal([spring.Id, autumn.Id], ofSource!.Items.Select(a => a.Id));
        await (await _operator.GetAsync("/api/v1/allocations?period=2027-4")).FieldsAsync("period");
        await (await _operator.GetAsync("/api/v1/allocations?cursor=bm90LWEtY3Vyc29y")).FieldsAsync("cursor");
        await (await _operator.GetAsync("/api/v1/allocations?limit=0")).FieldsAsync("limit");
    }

    [Fact]
    public async Task Bad_allocation_requests_are_400s_naming_each_field_and_write_nothing()
    {
        var source = await Data.SourceAsync();
        var worker = await Data.VerifiedWorkerAsync();
        var before = await funding.ScalarAsync<long>("SELECT count(*) FROM allocations");

        await (await _operator.PostAsJsonAsync("/api/v1/allocations", new { })).FieldsAsync("workerId", "fundingSourceId", "startPeriod");
        await (await _operator.PostAsJsonAsync("/api/v1/allocations", new { workerId = worker, fundingSourceId = source.Id, startPeriod = "2027-1" }))
            .FieldsAsync("startPeriod");
        await (await _operator.PostAsJsonAsync("/api/v1/allocations", new { workerId = "not-a-guid", fundingSourceId = source.Id, startPeriod = "2027-01" }))
            .FieldsAsync("workerId");
        await (await Data.AllocateAsync(worker, source.Id, "2026-12")).FieldsAsync("startPeriod");
        await (await Data.AllocateAsync(worker, source.Id, "2027-05", "2028-01")).FieldsAsync("endPeriod");
        await (await Data.AllocateAsync(worker, source.Id, "2027-05", "2027-04")).FieldsAsync("endPeriod");

        Assert.Equal(before, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations"));
        Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'allocation' AND after->>'workerId' = @id", ("id", worker.ToString())));
    }

    [Fact]
    public async Task Unknown_ids_are_404s()
    {
        var source = await Data.SourceAsync();

        var unknownSource = await Data.AllocateAsync(await Data.VerifiedWorkerAsync(), Guid.NewGuid(), "2027-01");
        var unknownAllocation = await _operator.GetAsync($"/api/v1/allocations/{Guid.NewGuid()}");
        var endUnknown = await _operator.PostAsJsonAsync($"/api/v1/allocations/{Guid.NewGuid()}/end", new { endPeriod = "2027-01", reason = "x" });
        var unknownSourceGet = await _operator.GetAsync($"/api/v1/funding-sources/{Guid.NewGuid()}");

        Assert.Equal("Funding source not found.", (await unknownSource.ProblemAsync(HttpStatusCode.NotFound)).Title());
        await unknownAllocation.ProblemAsync(HttpStatusCode.NotFound);
        await endUnknown.ProblemAsync(HttpStatusCode.NotFound);
        await unknownSourceGet.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await _operator.GetAsync($"/api/v1/funding-sources/{source.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_worker_not_verified_or_deactivated_is_a_422()
    {
        var source = await Data.SourceAsync();

        var registered = await Data.AllocateAsync(await Data.VerifiedWorkerAsync("Registered"), source.Id, "2027-01");
        var deactivated = await Data.AllocateAsync(await Data.VerifiedWorkerAsync("Deactivated"), source.Id, "2027-01");

        Assert.Equal("Worker cannot be funded.", (await registered.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
        await deactivated.ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_worker_unknown_here_while_the_registry_does_not_answer_is_a_503_and_nothing_is_written()
    {
        var source = await Data.SourceAsync();
        var worker = Guid.NewGuid();

        var response = await Data.AllocateAsync(worker, source.Id, "2027-01");

        Assert.Equal("Registry unavailable.", (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Title());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM registry_workers WHERE worker_id = @id", ("id", worker)));
    }

    [Fact]
    public async Task A_month_without_a_tariff_while_Billing_never_answered_is_a_503_tariff_not_known_yet()
    {
        // The copy starts in January 2025 and Billing is out of reach: 2024 cannot be priced.
        var source = await Data.SourceAsync(fiscalYear: 2024);

        var response = await Data.AllocateAsync(await Data.VerifiedWorkerAsync(), source.Id, "2024-01");

        Assert.Equal("Tariff not known yet.", (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Title());
        Assert.Equal(0L, await funding.ScalarAsync<long>("SELECT count(*) FROM allocations WHERE funding_source_id = @id", ("id", source.Id)));
    }

    [Fact]
    public async Task Ending_needs_an_earlier_end_period_and_a_reason_and_an_end_cannot_be_repeated()
    {
        var allocation = await Data.AllocatedAsync(await Data.VerifiedWorkerAsync(), (await Data.SourceAsync()).Id, "2027-03");
        var end = $"/api/v1/allocations/{allocation.Id}/end";

        await (await _operator.PostAsJsonAsync(end, new { })).FieldsAsync("endPeriod", "reason");
        await (await _operator.PostAsJsonAsync(end, new { endPeriod = "2027-12", reason = "x" })).FieldsAsync("endPeriod");
        await (await _operator.PostAsJsonAsync(end, new { endPeriod = "2027-01", reason = "x" })).FieldsAsync("endPeriod");
        var ended = await (await _operator.PostAsJsonAsync(end, new { endPeriod = "2027-02", reason = "Registered by mistake" }))
            .Content.ReadFromJsonAsync<AllocationResponse>();
        var again = await (await _operator.PostAsJsonAsync(end, new { endPeriod = "2027-02", reason = "again" })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(("Ended", "2027-02", 2L), (ended!.Status, ended.EndPeriod.ToString(), ended.Version));
        Assert.Equal("Allocation already ended.", again.Title());
        Assert.Equal(2L, await funding.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'allocation' AND entity_id = @id", ("id", allocation.Id)));
    }

    [Fact]
    public async Task Only_an_operator_allocates_and_finance_and_auditors_read()
    {
        var source = await Data.SourceAsync();
        var finance = funding.ClientAs(Roles.Finance);
        var auditor = funding.ClientAs(Roles.Auditor);

        var byFinance = await new FundingTestData(funding, finance).AllocateAsync(await Data.VerifiedWorkerAsync(), source.Id, "2027-01");

        Assert.Equal(HttpStatusCode.Forbidden, byFinance.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await finance.GetAsync("/api/v1/allocations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/funding-sources/{source.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await funding.ClientAs(Roles.Sponsor).GetAsync("/api/v1/allocations")).StatusCode);
    }
}
