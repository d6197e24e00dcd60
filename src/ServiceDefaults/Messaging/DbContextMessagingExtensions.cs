using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace PijarSemar.ServiceDefaults.Messaging;

public static class DbContextMessagingExtensions
{
    /// <summary>Queues an integration event in the outbox; it is committed by the same SaveChanges as the state it describes.</summary>
    public static void AddEvent<TEvent>(this DbContext db, TEvent @event, TimeProvider clock) where TEvent : class =>
        db.Set<OutboxMessage>().Add(OutboxMessage.For(@event, clock));

    /// <summary>
    /// Runs <paramref name="handle"/> and saves its changes only if this consumer has not already
    /// processed the message. The inbox row and the changes commit together, and a concurrent
    /// redelivery waits on the inbox key and then skips, so each message takes effect exactly once.
    /// </summary>
    /// <returns>false when the message had already been processed.</returns>
    public static Task<bool> ConsumeOnceAsync<TMessage>(
        this DbContext db, ConsumeContext<TMessage> context, string consumer, Func<CancellationToken, Task> handle)
        where TMessage : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId; it cannot be deduplicated.");
        return db.ConsumeOnceAsync(messageId, consumer, handle, context.CancellationToken);
    }

    public static async Task<bool> ConsumeOnceAsync(
        this DbContext db, Guid messageId, string consumer, Func<CancellationToken, Task> handle, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO inbox_messages (message_id, consumer) VALUES ({messageId}, {consumer}) ON CONFLICT DO NOTHING", ct);
        if (inserted == 0)
        {
            return false;
        }

        await handle(ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
