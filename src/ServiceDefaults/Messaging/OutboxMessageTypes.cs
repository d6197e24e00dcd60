using System.Collections.Frozen;
using PijarSemar.Contracts.Events;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// The integration events an outbox row can carry, by a stable name: the full name of the event
/// type in Contracts (<c>PijarSemar.Contracts.Events.WorkerRegistered</c>). Unlike a CLR
/// assembly-qualified name it survives an assembly rename or version change, and the dispatcher
/// only ever instantiates a type from this list, never whatever a row names.
/// </summary>
public static class OutboxMessageTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(WorkerRegistered).Assembly.GetExportedTypes()
        .Where(type => type.Namespace == typeof(WorkerRegistered).Namespace && type is { IsClass: true, IsAbstract: false })
        .ToFrozenDictionary(type => type.FullName!, StringComparer.Ordinal);

    /// <summary>The stored name of an event type; anything but a Contracts event is refused before it is written.</summary>
    public static string NameOf(Type eventType) =>
        eventType.FullName is { } name && ByName.TryGetValue(name, out var known) && known == eventType
            ? name
            : throw new ArgumentException(
                $"{eventType.FullName} is not an integration event of {typeof(WorkerRegistered).Namespace}; only those can go through the outbox.",
                nameof(eventType));

    public static bool TryResolve(string name, out Type eventType) => ByName.TryGetValue(name, out eventType!);
}
