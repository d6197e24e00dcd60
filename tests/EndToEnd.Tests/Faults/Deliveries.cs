using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using RabbitMQ.Client;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>
/// Messages handed straight to one receive endpoint of a running service, and what its consume
/// pipeline made of each: the test sees a delivery finish (applied, skipped as a duplicate, or
/// refused) instead of guessing with a pause. Sent to the queue, never published, so no other
/// service on the shared broker receives the made-up events.
/// </summary>
public sealed class Deliveries : IConsumeObserver, IDisposable
{
    private readonly ConcurrentQueue<(Guid MessageId, Exception? Fault)> _finished = new();
    private readonly IBus _bus;
    private readonly ConnectHandle _handle;

    public Deliveries(IServiceProvider services)
    {
        _bus = services.GetRequiredService<IBus>();
        _handle = _bus.ConnectConsumeObserver(this);
        Services = services;
    }

    public IServiceProvider Services { get; }

    /// <summary>The service's queue whose name ends with <paramref name="suffix"/> (e.g. <c>-worker-registered</c>).</summary>
    public string Queue(string suffix) => Services.GetRequiredService<ErrorQueues>().LastCounts.Keys
        .Select(errorQueue => errorQueue[..^ErrorQueueMover.Suffix.Length])
        .Single(queue => queue.EndsWith(suffix, StringComparison.Ordinal));

    public async Task SendAsync<T>(string queue, T message, Guid messageId)
        where T : class
    {
        var endpoint = await _bus.GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(message, context => context.MessageId = messageId);
    }

    /// <summary>Waits until <paramref name="count"/> deliveries of <paramref name="messageId"/> have finished, and returns their faults (null where none).</summary>
    public Task<Exception?[]> FinishedAsync(Guid messageId, int count, TimeSpan timeout) => Eventually.ReturnsAsync(
        () =>
        {
            var faults = _finished.Where(f => f.MessageId == messageId).Select(f => f.Fault).ToArray();
            return Task.FromResult(faults.Length >= count ? faults : null);
        },
        timeout,
        $"{count} deliveries of message {messageId} to finish");

    /// <summary>Ready messages in <paramref name="queue"/> on <paramref name="broker"/>; a queue not declared yet holds none.</summary>
    public static async Task<long> DepthAsync(string broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using var connection = await factory.CreateConnectionAsync();
        return await ErrorQueues.MessageCountAsync(connection, queue, CancellationToken.None);
    }

    /// <summary>Takes every message out of <paramref name="queue"/> (an <c>_error</c> queue): its MessageId and MassTransit's fault headers.</summary>
    public static async Task<List<(Guid MessageId, IReadOnlyDictionary<string, string> Headers)>> TakeAllAsync(string broker, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var taken = new List<(Guid, IReadOnlyDictionary<string, string>)>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            var headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .Where(h => h.Value is byte[])
                .ToDictionary(h => h.Key, h => System.Text.Encoding.UTF8.GetString((byte[])h.Value!), StringComparer.Ordinal);
            taken.Add((Guid.Parse(message.BasicProperties.MessageId!), headers));
        }

        return taken;
    }

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _finished.Enqueue((context.MessageId ?? Guid.Empty, null));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        _finished.Enqueue((context.MessageId ?? Guid.Empty, exception));
        return Task.CompletedTask;
    }

    public void Dispose() => _handle.Disconnect();
}
