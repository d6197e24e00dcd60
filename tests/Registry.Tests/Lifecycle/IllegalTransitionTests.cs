using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>Every move the lifecycle does not allow, through the API: 409 naming the status, and nothing written.</summary>
public sealed class IllegalTransitionTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Theory]
    [InlineData("Registered", "deactivate")]
    [InlineData("Registered", "reactivate")]
    [InlineData("Registered", "reopen")]
    [InlineData("Verified", "approve")]
    [InlineData("Verified", "reject")]
    [InlineData("Verified", "reactivate")]
    [InlineData("Verified", "reopen")]
    [InlineData("Rejected", "approve")]
    [InlineData("Rejected", "reject")]
    [InlineData("Rejected", "deactivate")]
    [InlineData("Rejected", "reactivate")]
    [InlineData("Deactivated", "approve")]
    [InlineData("Deactivated", "reject")]
    [InlineData("Deactivated", "deactivate")]
    [InlineData("Deactivated", "reopen")]
    public async Task An_illegal_move_gets_409_naming_the_current_status_and_writes_nothing(string status, string action)
    {
        var worker = await _operator.InStatusAsync(status);
        var version = await registry.VersionAsync(worker.Id);
        var audited = await registry.AuditEntriesAsync(worker.Id);
        var events = await registry.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE payload->>'workerId' = @id", ("id", worker.Id.ToString()));

        var response = await MoveAsync(worker.Id, action);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(status, (await response.ProblemAsync()).GetProperty("currentStatus").GetString());
        Assert.Equal(status, (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
        Assert.Equal(version, await registry.VersionAsync(worker.Id));
        Assert.Equal(audited, await registry.AuditEntriesAsync(worker.Id));
        Assert.Equal(events, await registry.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE payload->>'workerId' = @id", ("id", worker.Id.ToString())));
    }

    [Fact]
    public async Task A_decision_on_a_reactivation_nobody_requested_gets_409()
    {
        var worker = await _operator.InStatusAsync("Deceased");

        var response = await registry.ClientAs(Roles.ClaimsOfficer)
            .PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(true, "Alive"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Deactivated", (await response.ProblemAsync()).GetProperty("currentStatus").GetString());
    }

    private Task<HttpResponseMessage> MoveAsync(Guid id, string action) => action switch
    {
        "approve" => _operator.PostAsJsonAsync($"/api/v1/workers/{id}/verification", new VerificationRequest(true, null)),
        "reject" => _operator.PostAsJsonAsync($"/api/v1/workers/{id}/verification", new VerificationRequest(false, "No KTP")),
        "deactivate" => _operator.PostAsJsonAsync($"/api/v1/workers/{id}/deactivation", new DeactivationRequest("Withdrawn", LifecycleApi.SemarangToday, null)),
        "reactivate" => _operator.PostAsJsonAsync($"/api/v1/workers/{id}/reactivation", new ReactivationRequest("Wrongly deactivated")),
        "reopen" => _operator.PostAsJsonAsync($"/api/v1/workers/{id}/reopening", new ReopeningRequest("Rejected by mistake")),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
