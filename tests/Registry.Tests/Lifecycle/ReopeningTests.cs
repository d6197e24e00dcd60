using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>Rejected is not a dead end: a rejection can be corrected and re-opened, and the worker verified after all.</summary>
public sealed class ReopeningTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_rejected_registration_is_corrected_reopened_and_then_verified()
    {
        var worker = await _operator.RejectedAsync(WorkerSamples.Valid());

        await _operator.OkAsync($"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(OccupationCode: "pemulung", Note: "Occupation was wrong"));
        var reopened = await _operator.OkAsync($"/api/v1/workers/{worker.Id}/reopening", new ReopeningRequest("Rejected for the wrong occupation"));
        var verified = await _operator.OkAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null));

        Assert.Equal(("Registered", "Rejected for the wrong occupation"), (reopened.Status, reopened.StatusNote));
        Assert.Equal(("Verified", "pemulung"), (verified.Status, verified.OccupationCode));
        Assert.Equal(1L, await registry.EventsAsync("WorkerVerified", worker.Id));
        var history = await registry.ClientAs(Roles.Auditor).GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history");
        Assert.Equal(["Registered", "Rejected", "Corrected", "Reopened", "Verified"], history!.Items.Select(e => e.Action));
        Assert.Equal("Rejected", history.Items[3].Before!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reopening_needs_a_reason()
    {
        var worker = await _operator.RejectedAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reopening", new ReopeningRequest(""));

        Assert.Equal(["note"], await response.ErrorFieldsAsync());
        Assert.Equal("Rejected", (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
    }

    [Fact]
    public async Task Only_an_operator_may_reopen()
    {
        var worker = await _operator.RejectedAsync(WorkerSamples.Valid());

        var response = await registry.ClientAs(Roles.Auditor).PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reopening", new ReopeningRequest("Mistake"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
