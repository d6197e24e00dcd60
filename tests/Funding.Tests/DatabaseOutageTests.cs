using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Funding;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests;

/// <summary>
/// Funding on a PostgreSQL server of its own, which the test stops for a minute and starts again
/// on the same data, while events keep arriving on the shared test broker.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);

    private readonly PostgresServerOptions _options = new(
        Path.Combine(Path.GetTempPath(), $"pijar-outage-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]), FreePort.Next())
    {
        Durable = false,
    };

    private PostgresServer? _postgres;
    private ServiceFactory<Program>? _funding;

    private ServiceFactory<Program> Funding => _funding!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync(_options);
        _funding = new ServiceFactory<Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:funding"] = _postgres.ConnectionString(),
            ["ConnectionStrings:rabbitmq"] = await TestServers.RabbitMqAsync(),
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            ["Messaging:EndpointPrefix"] = $"outage-{Guid.NewGuid():N}",

            // The production cap is 30 s; a shorter one only makes the test see the recovery sooner.
            ["Messaging:Retry:MaxInterval"] = "00:00:03",
        });
        using var client = Funding.CreateClient();
        await Eventually.ReturnsAsync(
            async () => (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode ? "ready" : null,
            TimeSpan.FromSeconds(60), "Funding to be ready");
    }

    [Fact]
    public async Task With_its_database_down_for_a_minute_funding_applies_every_event_once_when_it_is_back_and_parks_none()
    {
        var workers = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        var messages = new List<Guid>();
        var at = DateTimeOffset.UtcNow;

        await _postgres!.StopAsync();
        foreach (var worker in workers[..4])
        {
            messages.Add(await PublishAsync(new WorkerRegistered(worker, "nelayan", "Tugu", false, at, Version: 1)));
            messages.Add(await PublishAsync(new WorkerVerified(worker, at, Version: 2)));
        }

        await Task.Delay(Outage / 2);
        foreach (var worker in workers[4..])
        {
            messages.Add(await PublishAsync(new WorkerVerified(worker, at, Version: 2)));
            messages.Add(await PublishAsync(new WorkerRegistered(worker, "nelayan", "Tugu", false, at, Version: 1)));
        }

        await Task.Delay(Outage / 2);
        Assert.Equal(0L, await ErrorQueueDepthAsync());
        _postgres = await PostgresServer.StartAsync(_options);

        var client = Funding.ClientAs(Roles.Operator);
        foreach (var worker in workers)
        {
            var status = await Eventually.ReturnsAsync(
                async () => await client.GetAsync($"/api/v1/workers/{worker}/funding-status") is { IsSuccessStatusCode: true } response
                    && await response.Content.ReadFromJsonAsync<WorkerFundingStatus>() is { Fundable: true, OccupationCode.Length: > 0 } s
                    ? s
                    : null,
                TimeSpan.FromSeconds(60), $"worker {worker} to be verified in Funding's read model");
            Assert.Equal(("nelayan", "Tugu"), (status.OccupationCode, status.Kecamatan));
        }

        await using var connection = new Npgsql.NpgsqlConnection(_postgres.ConnectionString());
        await connection.OpenAsync();
        await using var inbox = new Npgsql.NpgsqlCommand(
            "SELECT count(*), count(DISTINCT message_id) FROM inbox_messages WHERE message_id = ANY(@ids)", connection);
        inbox.Parameters.AddWithValue("ids", messages.ToArray());
        await using (var reader = await inbox.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal((messages.Count, messages.Count), (reader.GetInt64(0), reader.GetInt64(1)));
        }

        Assert.Equal(0L, await ErrorQueueDepthAsync());
    }

    private async Task<Guid> PublishAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await Funding.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);
        return messageId;
    }

    /// <summary>Messages in the _error queues of Funding's five consumers (registered, verified, deactivated, corrected, imported).</summary>
    private async Task<long> ErrorQueueDepthAsync()
    {
        var counts = await Funding.Services.GetRequiredService<ErrorQueues>().RefreshAsync(CancellationToken.None);
        Assert.Equal(5, counts.Count);
        return counts.Values.Sum();
    }

    public async Task DisposeAsync()
    {
        if (_funding is not null)
        {
            await _funding.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (Directory.Exists(_options.DataDirectory))
        {
            Directory.Delete(_options.DataDirectory, recursive: true);
        }
    }
}
