using System.Diagnostics;
using System.Text.Json;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>An integration event waiting in the service's own database until it is published.</summary>
public sealed class OutboxMessage
{
    public long Position { get; private set; }
    public Guid Id { get; private set; }
    public string MessageType { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Until when a dispatcher holds the row; once past, another one may take it.</summary>
    public DateTimeOffset? LockedUntil { get; private set; }
    public Guid? LeaseOwner { get; private set; }

    /// <summary>Set when the row will never be sent as it is (unknown type, unreadable payload, too many failures); kept for a person.</summary>
    public DateTimeOffset? DeadAt { get; private set; }

    /// <summary>The W3C trace context of the request that raised the event, so the consumer's trace continues it.</summary>
    public string? TraceParent { get; private set; }

    public static OutboxMessage For<TEvent>(TEvent @event, TimeProvider clock) where TEvent : class
    {
        // The runtime type: an event passed as a base type or object is still stored, and published, as what it is.
        var type = @event.GetType();
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = OutboxMessageTypes.NameOf(type),
            Payload = JsonSerializer.Serialize(@event, type, JsonSerializerOptions.Web),
            OccurredAt = now,
            NextAttemptAt = now,
            TraceParent = CurrentTraceParent(),
        };
    }

    /// <summary>The name stored in <c>message_type</c> for an event type (see <see cref="OutboxMessageTypes"/>).</summary>
    public static string TypeName(Type type) => OutboxMessageTypes.NameOf(type);

    /// <summary>The current activity's W3C id (<c>traceparent</c>), or null outside a trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}

/// <summary>A message some consumer of this service has already handled.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public string Consumer { get; init; } = "";
    public DateTimeOffset ProcessedAt { get; init; }
}
