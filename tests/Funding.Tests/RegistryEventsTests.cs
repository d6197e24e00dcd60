using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Funding;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests;

public sealed class RegistryEventsTests(FundingFixture funding) : IClassFixture<FundingFixture>
{
    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_registered_then_verified_worker_becomes_fundable()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;

        await PublishAsync(new WorkerRegistered(workerId, "nelayan", "Tugu", false, at));
        var registered = await StatusAsync(workerId, s => s.RegistryStatus == "Registered");
        await PublishAsync(new WorkerVerified(workerId, at.AddMinutes(1)));
        var verified = await StatusAsync(workerId, s => s.Fundable);

        Assert.False(registered.Fundable);
        Assert.Equal("nelayan", verified.OccupationCode);
        Assert.Equal("Tugu", verified.Kecamatan);
    }

    [Fact]
    public async Task An_older_event_arriving_late_does_not_undo_a_newer_one()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await PublishAsync(new WorkerRegistered(workerId, "pemulung", "Genuk", false, at));
        await PublishAsync(new WorkerDeactivated(workerId, "MovedAway", DateOnly.FromDateTime(at.UtcDateTime), at.AddMinutes(2)));
        await StatusAsync(workerId, s => s.RegistryStatus == "Deactivated");

        var late = await PublishAsync(new WorkerVerified(workerId, at.AddMinutes(1)));
        await Eventually.ReturnsAsync(
            async () => await funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", late)) > 0
                ? "consumed"
                : null,
            TimeSpan.FromSeconds(20),
            "the late WorkerVerified to be consumed");

        var status = await _operator.GetFromJsonAsync<WorkerFundingStatus>($"/api/v1/workers/{workerId}/funding-status");
        Assert.Equal("Deactivated", status!.RegistryStatus);
        Assert.False(status.Fundable);
    }

    [Fact]
    public async Task An_unknown_worker_gets_a_404_problem()
    {
        var response = await _operator.GetAsync($"/api/v1/workers/{Guid.NewGuid()}/funding-status");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Guid> PublishAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await funding.Factory.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);
        return messageId;
    }

    private Task<WorkerFundingStatus> StatusAsync(Guid workerId, Func<WorkerFundingStatus, bool> condition) =>
        Eventually.ReturnsAsync(
            async () =>
            {
                var response = await _operator.GetAsync($"/api/v1/workers/{workerId}/funding-status");
                return response.IsSuccessStatusCode
                    && await response.Content.ReadFromJsonAsync<WorkerFundingStatus>() is { } status && condition(status)
                    ? status
                    : null;
            },
            TimeSpan.FromSeconds(20),
            $"worker {workerId} to reach the funding read model");
}
