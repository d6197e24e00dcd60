using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>Bringing back a worker recorded as dead takes two people: an operator asks, a claims officer decides.</summary>
public sealed class DeceasedReactivationTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator, "maker");
    private readonly HttpClient _checker = registry.ClientAs(Roles.ClaimsOfficer, "checker");

    [Fact]
    public async Task An_operator_reactivating_a_deceased_worker_gets_202_and_the_worker_stays_deceased()
    {
        var worker = await _operator.InStatusAsync("Deceased");

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("The claim named the wrong worker"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var request = (await response.Content.ReadFromJsonAsync<ReactivationRequestResponse>())!;
        Assert.Equal(("maker", "The claim named the wrong worker"), (request.RequestedBy, request.Note));
        var stored = (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!;
        Assert.Equal(("Deactivated", "Deceased"), (stored.Status, stored.StatusReason));
        Assert.Equal(1L, await registry.EventsAsync("WorkerVerified", worker.Id));
    }

    [Fact]
    public async Task A_claims_officer_approving_the_request_reactivates_the_worker_and_funding_hears_worker_verified()
    {
        var worker = await RequestedAsync();

        var approved = await _checker.OkAsync($"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(true, "Claim 12 was filed for another person"));

        Assert.Equal(("Verified", null), (approved.Status, approved.StatusReason));
        Assert.Equal(2L, await registry.EventsAsync("WorkerVerified", worker.Id));
        var history = await registry.ClientAs(Roles.Auditor).GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history");
        var (requested, decided) = (history!.Items[^2], history.Items[^1]);
        Assert.Equal(("ReactivationRequested", "maker"), (requested.Action, requested.Actor));
        Assert.Equal("maker", requested.After!.Value.GetProperty("reactivationRequest").GetProperty("requestedBy").GetString());
        Assert.Equal(("ReactivationApproved", "checker"), (decided.Action, decided.Actor));
        Assert.Equal("Claim 12 was filed for another person", decided.After!.Value.GetProperty("changeNote").GetString());
    }

    [Fact]
    public async Task An_operator_cannot_decide_on_a_reactivation()
    {
        var worker = await RequestedAsync();

        var response = await registry.ClientAs(Roles.Operator, "another-operator")
            .PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(true, "Looks fine"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Deactivated", (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
    }

    [Fact]
    public async Task The_requester_cannot_approve_their_own_request_even_holding_the_approving_role()
    {
        var both = registry.ClientWithRoles("maker-and-checker", Roles.Operator, Roles.ClaimsOfficer);
        var worker = await both.InStatusAsync("Deceased");
        Assert.Equal(HttpStatusCode.Accepted, (await both.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("Alive"))).StatusCode);

        var response = await both.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(true, "Alive"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Deactivated", (await both.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
    }

    [Fact]
    public async Task A_refused_request_leaves_the_worker_deceased_and_publishes_nothing()
    {
        var worker = await RequestedAsync();

        var refused = await _checker.OkAsync($"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(false, "Death certificate is genuine"));

        Assert.Equal(("Deactivated", "Deceased"), (refused.Status, refused.StatusReason));
        Assert.Equal(1L, await registry.EventsAsync("WorkerVerified", worker.Id));
        Assert.Equal(HttpStatusCode.Accepted, (await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("New evidence"))).StatusCode);
    }

    [Fact]
    public async Task A_second_request_while_one_waits_gets_409()
    {
        var worker = await RequestedAsync();

        var response = await registry.ClientAs(Roles.Operator, "someone-else")
            .PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("Me too"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("maker", (await response.ProblemAsync()).GetProperty("requestedBy").GetString());
    }

    [Fact]
    public async Task A_decision_needs_approved_and_a_note()
    {
        var worker = await RequestedAsync();

        var response = await _checker.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(null, null));

        Assert.Equal(["approved", "note"], (await response.ErrorFieldsAsync()).Order());
    }

    [Fact]
    public async Task A_worker_deactivated_for_another_reason_is_still_reactivated_directly()
    {
        var worker = await _operator.InStatusAsync("Deactivated");

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("Moved back"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Verified", (await response.Content.ReadFromJsonAsync<WorkerResponse>())!.Status);
    }

    [Fact]
    public async Task The_checker_lists_the_requests_waiting_for_a_decision_page_by_page()
    {
        var first = await RequestedAsync();
        var second = await RequestedAsync();
        var decided = await RequestedAsync();
        await _checker.OkAsync($"/api/v1/workers/{decided.Id}/reactivation/decision", new ReactivationDecisionRequest(false, "Genuine death"));

        var waiting = new List<ReactivationRequestResponse>();
        string? cursor = null;
        do
        {
            var page = (await _checker.GetFromJsonAsync<Page<ReactivationRequestResponse>>($"/api/v1/workers/reactivation-requests?limit=1&cursor={cursor}"))!;
            Assert.True(page.Items.Count <= 1);
            waiting.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Contains(waiting, r => r.WorkerId == first.Id && r.RequestedBy == "maker");
        Assert.Contains(waiting, r => r.WorkerId == second.Id);
        Assert.DoesNotContain(waiting, r => r.WorkerId == decided.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await _operator.GetAsync(new Uri("/api/v1/workers/reactivation-requests", UriKind.Relative))).StatusCode);
    }

    private async Task<WorkerResponse> RequestedAsync()
    {
        var worker = await _operator.InStatusAsync("Deceased");
        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("The claim named the wrong worker"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return worker;
    }
}

/// <summary>A registry where the approving role is configured to another one.</summary>
public sealed class AuditorApprovesFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Registry:Lifecycle:DeceasedReactivationApproverRole"] = "auditor",
});

public sealed class ConfiguredApproverRoleTests(AuditorApprovesFixture registry) : IClassFixture<AuditorApprovesFixture>
{
    [Fact]
    public async Task The_approving_role_is_the_configured_one()
    {
        var maker = registry.ClientAs(Roles.Operator, "maker");
        var worker = await maker.InStatusAsync("Deceased");
        await maker.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("Wrong worker"));

        var byClaimsOfficer = await registry.ClientAs(Roles.ClaimsOfficer).PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(true, "Wrong worker"));
        var byAuditor = await registry.ClientAs(Roles.Auditor).PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(true, "Wrong worker"));

        Assert.Equal(HttpStatusCode.Forbidden, byClaimsOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byAuditor.StatusCode);
    }
}
