using RabbitMQ.Client;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Moves the messages of an <c>_error</c> queue back to the queue they failed on, once the cause
/// is fixed. Each message is republished with its body and headers (the fault headers stay, for
/// the record) to the queue itself, and taken off the error queue only after the broker has
/// confirmed the copy, so a crash midway leaves a message in both queues, never in neither; the
/// inbox makes a copy that was already processed harmless.
/// </summary>
public static class ErrorQueueMover
{
    public const string Suffix = "_error";

    /// <summary>Accepts the error queue or the queue it belongs to: <c>funding-worker-registered[_error]</c>.</summary>
    public static (string ErrorQueue, string Queue) Names(string queue) =>
        queue.EndsWith(Suffix, StringComparison.Ordinal) ? (queue, queue[..^Suffix.Length]) : (queue + Suffix, queue);

    /// <summary>
    /// Moves as many messages as the error queue held when it started, so a message that fails
    /// again and returns to the error queue is not moved round in a loop.
    /// </summary>
    /// <returns>How many messages were moved.</returns>
    public static async Task<long> MoveAsync(Uri broker, string queue, CancellationToken ct = default)
    {
        var (errorQueue, target) = Names(queue);
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "move-errors" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);

        // Both must exist: a typo must not create a queue nobody reads, or read from one that is not there.
        var waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, ct)).MessageCount;
        await channel.QueueDeclarePassiveAsync(target, ct);

        long moved = 0;
        while (moved < waiting && await channel.BasicGetAsync(errorQueue, autoAck: false, ct) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);

            // Completes once the broker has confirmed the copy; mandatory makes an unroutable copy fail instead of vanish.
            await channel.BasicPublishAsync(string.Empty, target, mandatory: true, properties, message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }

        return moved;
    }
}
