using Microsoft.EntityFrameworkCore;

namespace PijarSemar.ServiceDefaults.Messaging;

public static class DbContextMessagingExtensions
{
    /// <summary>Queues an integration event in the outbox; it is committed by the same SaveChanges as the state it describes.</summary>
    public static void AddEvent<TEvent>(this DbContext db, TEvent @event, TimeProvider clock) where TEvent : class =>
        db.Set<OutboxMessage>().Add(OutboxMessage.For(@event, clock));
}
