using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using PijarSemar.Registry.Tests.Lifecycle;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class WorkerLifecycleTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    // The worker is registered today, and nothing about them takes effect before their registration.
    private static DateOnly Today => LifecycleApi.SemarangToday;

    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task Approving_a_registered_worker_verifies_them_and_publishes_worker_verified()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, "KTP checked"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Verified", (await response.Content.ReadFromJsonAsync<WorkerResponse>())!.Status);
        Assert.Equal(1L, await EventsAsync("WorkerVerified", worker.Id));
    }

    [Fact]
    public async Task Rejecting_a_registration_needs_a_reason()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var withoutReason = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(false, " "));
        var withReason = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(false, "Works in a factory with BPJS"));

        Assert.Equal(["note"], await withoutReason.ErrorFieldsAsync());
        var rejected = (await withReason.Content.ReadFromJsonAsync<WorkerResponse>())!;
        Assert.Equal("Rejected", rejected.Status);
        Assert.Equal("Works in a factory with BPJS", rejected.StatusNote);
        Assert.Equal(0L, await EventsAsync("WorkerVerified", worker.Id));
    }

    [Fact]
    public async Task Verifying_a_worker_twice_is_an_illegal_transition_409()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var again = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Verified", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivating_a_verified_worker_records_reason_and_date_and_publishes_worker_deactivated()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("FormalEmployment", Today, "Hired by a factory"));

        var deactivated = (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
        Assert.Equal("Deactivated", deactivated.Status);
        Assert.Equal("FormalEmployment", deactivated.StatusReason);
        Assert.Equal(Today, deactivated.StatusEffectiveDate);
        Assert.Equal(1L, await EventsAsync("WorkerDeactivated", worker.Id));
    }

    [Fact]
    public async Task A_worker_not_yet_verified_cannot_be_deactivated()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("MovedAway", Today, null));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0L, await EventsAsync("WorkerDeactivated", worker.Id));
    }

    [Theory]
    [InlineData("Retired", "reason")]
    [InlineData("3", "reason")]
    [InlineData(null, "reason")]
    public async Task A_deactivation_with_an_unknown_reason_gets_400_naming_the_reason(string? reason, string field)
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest(reason, Today, null));

        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task A_deactivation_dated_in_the_future_gets_400_and_changes_nothing()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("MovedAway", Today.AddDays(2), null));

        Assert.Equal(["effectiveDate"], await response.ErrorFieldsAsync());
        Assert.Equal("Verified", (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
    }

    [Fact]
    public async Task A_wrongly_deactivated_worker_is_reactivated_as_verified_and_funding_hears_worker_verified()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());
        await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/deactivation", new DeactivationRequest("Duplicate", Today, null));

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("Not a duplicate: twins"));

        var reactivated = (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
        Assert.Equal("Verified", reactivated.Status);
        Assert.Null(reactivated.StatusReason);
        Assert.Equal(2L, await EventsAsync("WorkerVerified", worker.Id));
    }

    [Fact]
    public async Task Only_a_deactivated_worker_can_be_reactivated()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("why not"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Changing_an_unknown_worker_gets_404()
    {
        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{Guid.NewGuid()}/verification", new VerificationRequest(true, null));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Only_an_operator_may_change_a_workers_status()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var response = await registry.ClientAs(Roles.Auditor)
            .PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_confirmed_death_deactivates_the_worker_as_deceased_once_even_if_delivered_twice()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());
        var death = new WorkerDeathConfirmed(worker.Id, Today, Guid.NewGuid());
        var messageId = NewId.NextGuid();
        var bus = registry.Factory.Services.GetRequiredService<IBus>();

        await bus.Publish(death, context => context.MessageId = messageId);
        await bus.Publish(death, context => context.MessageId = messageId);

        var deceased = await Eventually.ReturnsAsync(
            async () => await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}") is { Status: "Deactivated" } w ? w : null,
            TimeSpan.FromSeconds(20),
            "the death to be applied");
        Assert.Equal("Deceased", deceased.StatusReason);
        Assert.Equal(Today, deceased.StatusEffectiveDate);
        await Eventually.ReturnsAsync(
            async () => await registry.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)) == 1 ? "once" : null,
            TimeSpan.FromSeconds(20),
            "the inbox to record the message");
        Assert.Equal(1L, await EventsAsync("WorkerDeactivated", worker.Id));
        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND actor = 'system:claims'", ("id", worker.Id)));
    }

    private Task<long> EventsAsync(string type, Guid workerId) => registry.ScalarAsync<long>(
        "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND payload->>'workerId' = @id",
        ("type", $"%.{type}"), ("id", workerId.ToString()));
}
