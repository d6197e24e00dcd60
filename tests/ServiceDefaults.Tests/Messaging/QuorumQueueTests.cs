using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Messaging.Quorum;

/// <summary>Its own message type, so no other probe's queue is bound for it and no other test sees it.</summary>
public sealed record QuorumProbeNote(string Note);

/// <summary>Fails every message for good, so each one lands in the endpoint's <c>_error</c> queue.</summary>
public sealed class QuorumProbeConsumer : IConsumer<QuorumProbeNote>
{
    public Task Consume(ConsumeContext<QuorumProbeNote> context) =>
        throw new InvalidOperationException("The quorum probe rejects every note.");
}

/// <summary>
/// A queue's type cannot be read over AMQP, but declaring it again with another
/// <c>x-queue-type</c> is refused (406 PRECONDITION_FAILED): declaring it as a quorum queue tells
/// the two kinds apart without the management plugin.
/// </summary>
public sealed class QuorumQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private string _database = "";
    private string _broker = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync("probe", typeof(ProbeService).Assembly);
        _broker = await TestServers.RabbitMqAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database.Length > 0)
        {
            await TestDatabases.DropAsync(_database);
        }
    }

    [Fact]
    public async Task With_quorum_queues_switched_on_the_receive_endpoint_and_its_error_queue_are_quorum_queues()
    {
        var queue = await StartProbeAsync("quorum", quorumQueues: true, async (host, queue) =>
        {
            // The queue can exist before the endpoint has bound it to the note's exchange, and a note
            // published then is dropped by the exchange: publish again each second until one is parked.
            var bus = host.Services.GetRequiredService<IBus>();
            var published = DateTime.MinValue;
            await Eventually.ReturnsAsync(
                async () =>
                {
                    if (await DepthAsync(queue + ErrorQueueMover.Suffix) > 0)
                    {
                        return "parked";
                    }

                    if (DateTime.UtcNow - published > TimeSpan.FromSeconds(1))
                    {
                        await bus.Publish(new QuorumProbeNote("rejected"));
                        published = DateTime.UtcNow;
                    }

                    return null;
                },
                Patience,
                "the note to reach _error");
        });

        Assert.True(await IsQuorumQueueAsync(queue), $"{queue} is not a quorum queue");
        Assert.True(await IsQuorumQueueAsync(queue + ErrorQueueMover.Suffix), $"{queue}_error is not a quorum queue");
        await DeleteAsync(queue, queue + ErrorQueueMover.Suffix);
    }

    [Fact]
    public async Task Without_the_switch_the_receive_endpoint_stays_a_classic_queue_as_on_a_single_development_broker()
    {
        var queue = await StartProbeAsync("classic", quorumQueues: false, (_, _) => Task.CompletedTask);

        Assert.False(await IsQuorumQueueAsync(queue), $"{queue} is a quorum queue");
        await DeleteAsync(queue);
    }

    /// <summary>Runs a probe host until its queue exists and <paramref name="whileRunning"/> is done; returns the queue's name.</summary>
    private async Task<string> StartProbeAsync(string kind, bool quorumQueues, Func<IHost, string, Task> whileRunning)
    {
        var prefix = $"{new NpgsqlConnectionStringBuilder(_database).Database}-{kind}";
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probe"] = _database,
            ["ConnectionStrings:rabbitmq"] = _broker,
            ["Messaging:EndpointPrefix"] = prefix,
            ["Messaging:QuorumQueues"] = quorumQueues ? "true" : "false",
        });
        builder.AddServiceDatabase<ProbeDbContext>("probe", typeof(ProbeService).Assembly);
        builder.AddMessaging<ProbeDbContext>("probe", typeof(ProbeService).Assembly, type => type == typeof(QuorumProbeConsumer));
        using var host = builder.Build();
        var queue = new KebabCaseEndpointNameFormatter(prefix, false).Consumer<QuorumProbeConsumer>();
        await host.StartAsync();
        try
        {
            await Eventually.ReturnsAsync(async () => await DepthAsync(queue) is not null ? "declared" : null, Patience, $"{queue} to be declared");
            await whileRunning(host, queue);
        }
        finally
        {
            await host.StopAsync();
        }

        return queue;
    }

    private async Task<bool> IsQuorumQueueAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(_broker) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclareAsync(
                queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 406)
        {
            return false;
        }
    }

    /// <summary>The queue's depth, or null while it does not exist (a passive declare creates nothing).</summary>
    private async Task<uint?> DepthAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(_broker) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    private async Task DeleteAsync(params string[] queues)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(_broker) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in queues)
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
