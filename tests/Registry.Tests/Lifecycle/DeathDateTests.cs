using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Tests.Errors;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

/// <summary>A death from Claims that cannot be right is refused to the _error queue, with a log saying why.</summary>
public sealed class DeathDateTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_death_dated_in_the_future_goes_to_the_error_queue_with_a_clear_log_and_the_worker_stays_verified()
    {
        var logs = new CapturedLogs();
        registry.Factory.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());
        var parked = await ErrorCountAsync();

        await PublishAsync(new WorkerDeathConfirmed(worker.Id, LifecycleApi.SemarangToday.AddDays(3), Guid.NewGuid()));

        await Eventually.ReturnsAsync(async () => await ErrorCountAsync() > parked ? "parked" : null, TimeSpan.FromSeconds(30), "the death to reach _error");
        var log = Assert.Single(logs.Entries, e => e.Contains("refused and sent to the _error queue", StringComparison.Ordinal));
        Assert.StartsWith("Error", log, StringComparison.Ordinal);
        Assert.Contains(worker.Id.ToString(), log, StringComparison.Ordinal);
        Assert.Contains("in the future", log, StringComparison.Ordinal);
        Assert.DoesNotContain(worker.Nik, string.Join("\n", logs.Entries), StringComparison.Ordinal);
        Assert.DoesNotContain(worker.FullName, string.Join("\n", logs.Entries), StringComparison.Ordinal);
        Assert.Equal("Verified", (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
        Assert.Equal(0L, await registry.EventsAsync("WorkerDeactivated", worker.Id));
    }

    [Fact]
    public async Task A_death_dated_before_the_registration_goes_to_the_error_queue()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());
        var parked = await ErrorCountAsync();

        await PublishAsync(new WorkerDeathConfirmed(worker.Id, LifecycleApi.SemarangToday.AddDays(-30), Guid.NewGuid()));

        await Eventually.ReturnsAsync(async () => await ErrorCountAsync() > parked ? "parked" : null, TimeSpan.FromSeconds(30), "the death to reach _error");
        Assert.Equal("Verified", (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Status);
    }

    [Fact]
    public async Task A_worker_deceased_by_a_confirmed_death_claim_is_reactivated_only_through_a_second_person()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());
        await PublishAsync(new WorkerDeathConfirmed(worker.Id, LifecycleApi.SemarangToday, Guid.NewGuid()));
        await Eventually.ReturnsAsync(
            async () => await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}") is { Status: "Deactivated" } w ? w : null,
            TimeSpan.FromSeconds(20),
            "the death to be applied");

        var byOperator = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/reactivation", new ReactivationRequest("Claim was for someone else"));
        var byChecker = await registry.ClientAs(Roles.ClaimsOfficer).PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/reactivation/decision", new ReactivationDecisionRequest(true, "Claim withdrawn"));

        Assert.Equal(HttpStatusCode.Accepted, byOperator.StatusCode);
        Assert.Equal("Verified", (await byChecker.Content.ReadFromJsonAsync<WorkerResponse>())!.Status);
    }

    private async Task PublishAsync(WorkerDeathConfirmed death) =>
        await registry.Factory.Services.GetRequiredService<IBus>().Publish(death, context => context.MessageId = NewId.NextGuid());

    /// <summary>The depth of this host's own _error queue for deaths (its queues carry the test database's name).</summary>
    private async Task<long> ErrorCountAsync()
    {
        var counts = await registry.Factory.Services.GetRequiredService<ErrorQueues>().RefreshAsync(CancellationToken.None);
        return counts.Single(c => c.Key.EndsWith("worker-death-confirmed_error", StringComparison.Ordinal)).Value;
    }
}
