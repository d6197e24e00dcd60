extern alias FundingApi;
extern alias RegistryApi;

using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Npgsql;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>Registry and Funding with their databases on a PostgreSQL server of their own, which the test restarts.</summary>
public sealed class ServicesOnARestartablePostgres : IAsyncLifetime
{
    public RestartablePostgres Postgres { get; private set; } = null!;

    public FaultTestService<RegistryApi::Program> Registry { get; private set; } = null!;

    public FaultTestService<FundingApi::Program> Funding { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await RestartablePostgres.StartAsync();

        // Retries of a consumer waiting for its database capped low, so the message is applied soon after the restart.
        var settings = new Dictionary<string, string?> { ["Messaging:Retry:MaxInterval"] = "00:00:02" };
        Registry = new("registry", broker: null, settings: settings, postgres: Postgres.Admin);
        Funding = new("funding", broker: null, settings: settings, postgres: Postgres.Admin);
        await Task.WhenAll(Registry.InitializeAsync(), Funding.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        // The services drop their databases while the server runs (again, if a failed test left it stopped), then it is stopped and its data deleted.
        try
        {
            await Postgres.EnsureRunningAsync();
            await Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync());
        }
        finally
        {
            await Postgres.DisposeAsync();
        }
    }
}

public sealed class DatabaseRestartTests(ServicesOnARestartablePostgres stack) : IClassFixture<ServicesOnARestartablePostgres>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task While_PostgreSQL_is_down_the_services_are_not_ready_and_once_it_is_back_they_are_ready_write_and_drain_their_outbox_without_a_restart()
    {
        var registry = stack.Registry.ClientAs(Roles.Operator);
        using var funding = new Deliveries(stack.Funding.Factory.Services);
        var before = await RegisterAsync(registry);
        await WaitUntilInFundingAsync(before.Id);

        await stack.Postgres.StopAsync();

        await WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable, "not ready while PostgreSQL is down");
        Assert.Equal(HttpStatusCode.OK, (await stack.Registry.AnonymousClient().GetAsync("/health/live")).StatusCode);
        var refused = await registry.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);

        // An event reaching Funding now cannot be stored: it waits on its queue instead of going to _error.
        var duringOutage = new WorkerRegistered(Guid.NewGuid(), "sopir-angkot", "Genuk", false, DateTimeOffset.UtcNow, 1);
        var messageId = NewId.NextGuid();
        var queue = funding.Queue("-worker-registered");
        await funding.SendAsync(queue, duringOutage, messageId);

        await stack.Postgres.StartAgainAsync();

        // The test's own pooled connections died with the server; the services must cope with theirs unaided.
        foreach (var connectionString in new[] { stack.Registry.ConnectionString, stack.Funding.ConnectionString })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        await WaitForReadinessAsync(HttpStatusCode.OK, "ready again after PostgreSQL is back, without a restart");
        var after = await RegisterAsync(registry);
        var outboxId = await stack.Registry.ScalarAsync<Guid>(
            "SELECT id FROM outbox_messages WHERE payload->>'workerId' = @id", ("id", after.Id.ToString()));
        await Eventually.ReturnsAsync(
            async () => await stack.Registry.ScalarAsync<bool>("SELECT published_at IS NOT NULL FROM outbox_messages WHERE id = @id", ("id", outboxId)) ? "published" : null,
            Patience, "the registration's event to leave the outbox");
        await WaitUntilInFundingAsync(after.Id);
        await WaitUntilInFundingAsync(duringOutage.WorkerId);

        Assert.Equal(0L, await stack.Registry.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL"));
        Assert.Equal(1L, await stack.Funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId)));
        Assert.Equal(1L, await stack.Funding.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", outboxId)));
        Assert.Equal(0L, await Deliveries.DepthAsync(await TestServers.RabbitMqAsync(), queue + "_error"));
    }

    private static async Task<WorkerResponse> RegisterAsync(HttpClient registry)
    {
        var response = await registry.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkerResponse>())!;
    }

    private async Task WaitForReadinessAsync(HttpStatusCode expected, string what)
    {
        var clients = new[] { stack.Registry.AnonymousClient(), stack.Funding.AnonymousClient() };
        await Eventually.ReturnsAsync(
            async () =>
            {
                foreach (var client in clients)
                {
                    if ((await client.GetAsync("/health/ready")).StatusCode != expected)
                    {
                        return null;
                    }
                }

                return "both";
            },
            Patience,
            $"Registry and Funding to report {what}");
    }

    private Task WaitUntilInFundingAsync(Guid workerId) => Eventually.ReturnsAsync(
        async () => await stack.Funding.ScalarAsync<long>("SELECT count(*) FROM registry_workers WHERE worker_id = @id", ("id", workerId)) == 1 ? "arrived" : null,
        Patience, $"worker {workerId} to reach Funding's read model");
}
