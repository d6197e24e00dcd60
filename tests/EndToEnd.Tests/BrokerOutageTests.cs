using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PijarSemar.Contracts.Registry;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests;

/// <summary>Registry and Funding on a broker of their own, which the test stops and brings back.</summary>
public sealed class BrokerOutageFixture : IAsyncLifetime
{
    public RabbitMqServer Broker { get; private set; } = null!;
    public RegistryService Registry { get; private set; } = null!;
    public FundingService Funding { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Broker = await TestServers.StartPrivateRabbitMqAsync();
        Registry = new RegistryService(Broker.ConnectionString);
        Funding = new FundingService(Broker.ConnectionString);
        await Task.WhenAll(Registry.InitializeAsync(), Funding.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync());
        await Broker.DisposeAsync();
    }
}

public sealed class BrokerOutageTests(BrokerOutageFixture stack) : IClassFixture<BrokerOutageFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task With_the_broker_down_the_api_stays_ready_and_serves_reads_and_writes_and_the_event_arrives_once_when_it_is_back()
    {
        var registryClient = stack.Registry.ClientAs(Roles.Operator);
        var anonymous = stack.Registry.AnonymousClient();
        await stack.Broker.StopAsync(keepData: true);
        await Eventually.ReturnsAsync(
            async () => (await anonymous.GetAsync("/health/messaging")).StatusCode == HttpStatusCode.ServiceUnavailable ? "down" : null,
            Patience, "/health/messaging to report the broker down");
        var messaging = await (await anonymous.GetAsync("/health/messaging")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", messaging.GetProperty("checks").GetProperty("broker").GetProperty("status").GetString());

        // Readiness is the database only: the load balancer keeps every replica while the broker is away.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stack.Funding.AnonymousClient().GetAsync("/health/ready")).StatusCode);
        var response = await registryClient.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var worker = (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
        Assert.Equal(HttpStatusCode.OK, (await registryClient.GetAsync($"/api/v1/workers/{worker.Id}")).StatusCode);
        var messageId = await stack.Registry.ScalarAsync<Guid>(
            "SELECT id FROM outbox_messages WHERE payload->>'workerId' = @id", ("id", worker.Id.ToString()));
        await Eventually.ReturnsAsync(
            async () => await stack.Registry.ScalarAsync<bool>("SELECT last_error IS NOT NULL FROM outbox_messages WHERE id = @id", ("id", messageId)) ? "tried" : null,
            Patience, "the dispatcher to try, and fail, to publish");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(0L, await CountInFundingAsync(worker.Id));

        await stack.Broker.RestartAsync();

        await WaitUntilPublishedAsync(messageId);
        await WaitUntilInFundingAsync(worker.Id);
        Assert.Equal(1L, await CountInFundingAsync(worker.Id));
        Assert.Equal(1L, await stack.Funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)));
        Assert.Equal(0, await stack.Registry.ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE id = @id", ("id", messageId)));
        await Eventually.ReturnsAsync(
            async () => (await anonymous.GetAsync("/health/messaging")).IsSuccessStatusCode ? "up" : null,
            Patience, "/health/messaging to report the broker back");
    }

    [Fact]
    public async Task An_event_published_again_after_a_crash_is_applied_once_by_the_consumer()
    {
        var response = await stack.Registry.ClientAs(Roles.Operator).PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());
        var worker = (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
        var messageId = await stack.Registry.ScalarAsync<Guid>(
            "SELECT id FROM outbox_messages WHERE payload->>'workerId' = @id", ("id", worker.Id.ToString()));
        await WaitUntilPublishedAsync(messageId);
        await WaitUntilInFundingAsync(worker.Id);

        // As if the dispatcher had crashed after the broker confirmed but before it marked the row, and its lease had run out.
        await stack.Registry.ScalarAsync<object>(
            "UPDATE outbox_messages SET published_at = NULL, next_attempt_at = now() WHERE id = @id RETURNING id", ("id", messageId));
        await WaitUntilPublishedAsync(messageId);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1L, await CountInFundingAsync(worker.Id));
        Assert.Equal(1L, await stack.Funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)));
    }

    private Task WaitUntilPublishedAsync(Guid messageId) => Eventually.ReturnsAsync(
        async () => await stack.Registry.ScalarAsync<bool>("SELECT published_at IS NOT NULL FROM outbox_messages WHERE id = @id", ("id", messageId)) ? "published" : null,
        Patience, "the outbox row to be published");

    private Task WaitUntilInFundingAsync(Guid workerId) => Eventually.ReturnsAsync(
        async () => await CountInFundingAsync(workerId) > 0 ? "arrived" : null,
        Patience, "the worker to reach Funding's read model");

    private Task<long> CountInFundingAsync(Guid workerId) =>
        stack.Funding.ScalarAsync<long>("SELECT count(*) FROM registry_workers WHERE worker_id = @id", ("id", workerId));
}
