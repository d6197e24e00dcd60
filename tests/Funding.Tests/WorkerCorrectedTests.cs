using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Funding;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests;

/// <summary>The registry corrects a worker's kecamatan or occupation: Funding's read model follows, by version, in any order.</summary>
public sealed class WorkerCorrectedTests(FundingFixture funding) : IClassFixture<FundingFixture>
{
    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_correction_replaces_the_registered_kecamatan_and_occupation_and_keeps_the_status()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await PublishAsync(new WorkerRegistered(workerId, "nelayan", "Tugu", false, at, Version: 1));
        await PublishAsync(new WorkerVerified(workerId, at, Version: 2));
        await StatusAsync(workerId, s => s.Fundable);

        await PublishAsync(Corrected(workerId, "pemulung", "Genuk", version: 3));

        var status = await StatusAsync(workerId, s => s.Kecamatan == "Genuk");
        Assert.Equal(("pemulung", "Verified", true), (status.OccupationCode, status.RegistryStatus, status.Fundable));
    }

    [Fact]
    public async Task A_correction_arriving_first_is_not_undone_by_the_older_registration_and_the_status_events_still_apply()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;

        await ConsumedAsync(await PublishAsync(Corrected(workerId, "pemulung", "Genuk", version: 3)));
        await ConsumedAsync(await PublishAsync(new WorkerRegistered(workerId, "nelayan", "Tugu", false, at, Version: 1)));
        await PublishAsync(new WorkerVerified(workerId, at, Version: 2));

        var status = await StatusAsync(workerId, s => s.Fundable);
        Assert.Equal(("pemulung", "Genuk"), (status.OccupationCode, status.Kecamatan));
    }

    [Fact]
    public async Task An_older_correction_arriving_after_a_newer_one_changes_nothing()
    {
        var workerId = Guid.NewGuid();
        await PublishAsync(new WorkerRegistered(workerId, "nelayan", "Tugu", false, DateTimeOffset.UtcNow, Version: 1));
        await ConsumedAsync(await PublishAsync(Corrected(workerId, "juru-parkir", "Candisari", version: 5)));

        await ConsumedAsync(await PublishAsync(Corrected(workerId, "pemulung", "Genuk", version: 4)));

        var status = await StatusAsync(workerId, s => s.Kecamatan.Length > 0);
        Assert.Equal(("juru-parkir", "Candisari"), (status.OccupationCode, status.Kecamatan));
        Assert.Equal(5L, await funding.ScalarAsync<long>("SELECT facts_version FROM registry_workers WHERE worker_id = @id", ("id", workerId)));
    }

    [Fact]
    public async Task A_correction_does_not_make_an_older_deactivation_look_stale()
    {
        var workerId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await PublishAsync(new WorkerRegistered(workerId, "nelayan", "Tugu", false, at, Version: 1));
        await PublishAsync(new WorkerVerified(workerId, at, Version: 2));
        await ConsumedAsync(await PublishAsync(Corrected(workerId, "pemulung", "Genuk", version: 4)));

        await PublishAsync(new WorkerDeactivated(workerId, "MovedAway", DateOnly.FromDateTime(at.UtcDateTime), at, Version: 3));

        var status = await StatusAsync(workerId, s => s.RegistryStatus == "Deactivated");
        Assert.Equal("Genuk", status.Kecamatan);
    }

    private static WorkerCorrected Corrected(Guid workerId, string occupation, string kecamatan, long version) =>
        new(workerId, ["kecamatan", "occupationCode"], kecamatan, null, occupation, false, DateTimeOffset.UtcNow, version);

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
                var response = await _operator.GetAsync(new Uri($"/api/v1/workers/{workerId}/funding-status", UriKind.Relative));
                return response.IsSuccessStatusCode
                    && await response.Content.ReadFromJsonAsync<WorkerFundingStatus>() is { } status && condition(status)
                    ? status
                    : null;
            },
            TimeSpan.FromSeconds(20),
            $"worker {workerId} to reach the funding read model");
}
