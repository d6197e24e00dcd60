using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>The outbox's instruments on the <c>PijarSemar.Messaging</c> meter, and the source of its publish spans.</summary>
internal sealed class OutboxTelemetry
{
    public const string Name = "PijarSemar.Messaging";

    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _published;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;

    public OutboxTelemetry(IMeterFactory meters, OutboxBacklog backlog)
    {
        var meter = meters.Create(Name);
        _published = meter.CreateCounter<long>("pijarsemar.outbox.published", "{message}", "Outbox rows the broker confirmed.");
        _failed = meter.CreateCounter<long>("pijarsemar.outbox.publish_failures", "{message}", "Publishes that failed and will be retried.");
        _dead = meter.CreateCounter<long>("pijarsemar.outbox.dead_lettered", "{message}", "Outbox rows set aside as dead: never retried, kept for a person.");
        meter.CreateObservableGauge("pijarsemar.outbox.pending", () => Observe(backlog, b => b.Pending), "{message}",
            "Outbox rows not yet published (dead ones excluded).");
        meter.CreateObservableGauge("pijarsemar.outbox.oldest_pending_age", () => Observe(backlog, b => b.OldestPendingAge.TotalSeconds), "s",
            "Age of the oldest unpublished outbox row.");
        meter.CreateObservableGauge("pijarsemar.outbox.dead", () => Observe(backlog, b => b.Dead), "{message}",
            "Outbox rows set aside as dead and still kept.");
    }

    public void Published(int count) => _published.Add(count);

    public void Failed(int count) => _failed.Add(count);

    public void DeadLettered(string messageType) => _dead.Add(1, new KeyValuePair<string, object?>("messaging.message.type", messageType));

    /// <summary>A span for one publish under the trace the row was written in; MassTransit's send span and its headers follow from it.</summary>
    public static Activity? StartPublish(LeasedMessage message)
    {
        // Each publish belongs to the request that raised it, never to whatever ran before on this flow.
        Activity.Current = null;
        ActivityContext.TryParse(message.TraceParent, null, isRemote: true, out var parent);
        var activity = Activities.StartActivity(ActivityKind.Producer, parent, name: "outbox publish");
        if (activity is null && parent != default)
        {
            // Nobody samples this source: still make the request's trace current, so the send carries it on.
            activity = new Activity("outbox publish").SetParentId(message.TraceParent!).Start();
        }

        activity?.SetTag("messaging.message.id", message.Id);
        activity?.SetTag("messaging.message.type", message.MessageType);
        return activity;
    }

    private static IEnumerable<Measurement<T>> Observe<T>(OutboxBacklog backlog, Func<OutboxBacklogSnapshot, T> value) where T : struct =>
        backlog.Recent() is { } snapshot ? [new Measurement<T>(value(snapshot))] : [];
}
