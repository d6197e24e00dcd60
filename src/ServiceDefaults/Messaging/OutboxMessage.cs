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

    public static OutboxMessage For<TEvent>(TEvent @event, TimeProvider clock) where TEvent : class
    {
        var now = clock.GetUtcNow();
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            MessageType = TypeName(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(@event, JsonSerializerOptions.Web),
            OccurredAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>Assembly-qualified without version, so a redeploy can still read rows written before it.</summary>
    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}

/// <summary>A message some consumer of this service has already handled.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }
    public string Consumer { get; init; } = "";
    public DateTimeOffset ProcessedAt { get; init; }
}
