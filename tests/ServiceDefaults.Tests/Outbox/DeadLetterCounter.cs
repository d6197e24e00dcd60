using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace PijarSemar.ServiceDefaults.Tests.Outbox;

/// <summary>Listens to one instrument of the <c>PijarSemar.Messaging</c> meter, per host (each host's meter factory is its scope).</summary>
public sealed class MessagingMeterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(object? Scope, double Value)> _measurements = [];

    public MessagingMeterListener(string instrument)
    {
        _listener.InstrumentPublished = (candidate, listener) =>
        {
            if (candidate.Meter.Name == "PijarSemar.Messaging" && candidate.Name == instrument)
            {
                listener.EnableMeasurementEvents(candidate);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, _, _) => Record(i, value));
        _listener.SetMeasurementEventCallback<double>((i, value, _, _) => Record(i, value));
        _listener.Start();
    }

    /// <summary>The sum of what the host's instrument recorded; for a gauge, call <see cref="Observe"/> first.</summary>
    public double For(OutboxHost host)
    {
        var scope = host.Services.GetRequiredService<IMeterFactory>();
        lock (_measurements)
        {
            return _measurements.Where(m => ReferenceEquals(m.Scope, scope)).Sum(m => m.Value);
        }
    }

    public void Observe()
    {
        lock (_measurements)
        {
            _measurements.Clear();
        }

        _listener.RecordObservableInstruments();
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value)
    {
        lock (_measurements)
        {
            _measurements.Add((instrument.Meter.Scope, value));
        }
    }
}

public sealed class DeadLetterCounter : IDisposable
{
    private readonly MessagingMeterListener _listener = new("pijarsemar.outbox.dead_lettered");

    public int For(OutboxHost host) => (int)_listener.For(host);

    public void Dispose() => _listener.Dispose();
}
