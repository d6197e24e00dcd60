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

        await PublishAsync(new WorkerRegistered(workerId, "nelayan", "Tugu", false, at, Version: 1));
        var registered = await StatusAsync(workerId, s => s.RegistryStatus == "Registered");
        await PublishAsync(new WorkerVerified(workerId, at.AddMinutes(1), Version: 2));
        var verified = await StatusAsync(workerId, s => s.Fundable);

        Assert.False(registered.Fundable);
        Assert.Equal("nelayan", verified.OccupationCode);
        Assert.Equal("Tugu", verified.Kecamatan);
    }

    [Fact]
    public async Task A_verification_arriving_before_the_registration_ends_verified_with_the_registration_facts_filled_in()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;

        await PublishAsync(new WorkerVerified(workerId, at.AddMinutes(1), Version: 2));
        await StatusAsync(workerId, s => s.RegistryStatus == "Verified");
        await ConsumedAsync(await PublishAsync(new WorkerRegistered(workerId, "pedagang-kaki-lima", "Pedurungan", true, at, Version: 1)));

        var status = await StatusAsync(workerId, s => s.OccupationCode.Length > 0);
        Assert.Equal(("Verified", true), (status.RegistryStatus, status.Fundable));
        Assert.Equal(("pedagang-kaki-lima", "Pedurungan"), (status.OccupationCode, status.Kecamatan));
        Assert.True(await funding.ScalarAsync<bool>("SELECT p3ke_listed FROM registry_workers WHERE worker_id = @id", ("id", workerId)));
        Assert.Equal(2L, await funding.ScalarAsync<long>("SELECT version FROM registry_workers WHERE worker_id = @id", ("id", workerId)));
    }

    [Fact]
    public async Task A_deactivation_arriving_before_the_verification_wins_by_version_whatever_the_clocks_say()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await PublishAsync(new WorkerRegistered(workerId, "pemulung", "Genuk", false, at, Version: 1));
        await StatusAsync(workerId, s => s.RegistryStatus == "Registered");

        // The deactivation's clock is behind the verification's: only the versions say which came last.
        await PublishAsync(new WorkerDeactivated(workerId, "MovedAway", DateOnly.FromDateTime(at.UtcDateTime), at.AddMinutes(1), Version: 3));
        await StatusAsync(workerId, s => s.RegistryStatus == "Deactivated");
        await ConsumedAsync(await PublishAsync(new WorkerVerified(workerId, at.AddMinutes(2), Version: 2)));

        var status = await _operator.GetFromJsonAsync<WorkerFundingStatus>($"/api/v1/workers/{workerId}/funding-status");
        Assert.Equal("Deactivated", status!.RegistryStatus);
        Assert.False(status.Fundable);
        Assert.Equal(3L, await funding.ScalarAsync<long>("SELECT version FROM registry_workers WHERE worker_id = @id", ("id", workerId)));
    }

    [Fact]
    public async Task A_reactivation_with_a_newer_version_makes_a_deactivated_worker_fundable_again()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await PublishAsync(new WorkerRegistered(workerId, "nelayan", "Tugu", false, at, Version: 1));
        await PublishAsync(new WorkerDeactivated(workerId, "Duplicate", DateOnly.FromDateTime(at.UtcDateTime), at, Version: 3));
        await StatusAsync(workerId, s => s.RegistryStatus == "Deactivated");

        await PublishAsync(new WorkerVerified(workerId, at, Version: 4));

        var status = await StatusAsync(workerId, s => s.Fundable);
        Assert.True(await funding.ScalarAsync<bool>("SELECT deactivation_reason IS NULL FROM registry_workers WHERE worker_id = @id", ("id", workerId)));
        Assert.Equal("Verified", status.RegistryStatus);
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

    private Task ConsumedAsync(Guid messageId) => Eventually.ReturnsAsync(
        async () => await funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)) > 0
            ? "consumed"
            : null,
        TimeSpan.FromSeconds(20),
        $"message {messageId} to be consumed");

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
