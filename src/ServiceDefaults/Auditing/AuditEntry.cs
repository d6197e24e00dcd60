using System.Text.Json;

namespace PijarSemar.ServiceDefaults.Auditing;

/// <summary>One change to one record: who, what, when, and the record before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public string EntityType { get; private set; } = "";
    public Guid EntityId { get; private set; }
    public string Action { get; private set; } = "";
    public string Actor { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public string? Before { get; private set; }
    public string? After { get; private set; }

    public static AuditEntry Of<TSnapshot>(
        string entityType, Guid entityId, string action, string actor, DateTimeOffset at, TSnapshot? before, TSnapshot? after)
        where TSnapshot : class => new()
    {
        EntityType = entityType,
        EntityId = entityId,
        Action = action,
        Actor = actor,
        At = at,
        Before = before is null ? null : JsonSerializer.Serialize(before, JsonSerializerOptions.Web),
        After = after is null ? null : JsonSerializer.Serialize(after, JsonSerializerOptions.Web),
    };
}
