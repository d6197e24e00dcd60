using PijarSemar.Contracts.Events;
using RabbitMQ.Client;

namespace PijarSemar.Outbox.DispatchBench;

/// <summary>
/// A durable queue bound to WorkerRegistered's exchange (declared as MassTransit declares it) with
/// no consumer: the broker's message count is what was routed, without a consumer competing with
/// the dispatcher for the machine's two cores.
/// </summary>
internal sealed class CountingQueue : IAsyncDisposable
{
    private const string Queue = "outbox-bench-counted";

    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private CountingQueue(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<CountingQueue> BindAsync(string broker)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var exchange = $"{typeof(WorkerRegistered).Namespace}:{nameof(WorkerRegistered)}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(Queue, exchange, "");
        return new CountingQueue(connection, channel);
    }

    public async Task<uint> CountAsync() => (await _channel.QueueDeclarePassiveAsync(Queue)).MessageCount;

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
