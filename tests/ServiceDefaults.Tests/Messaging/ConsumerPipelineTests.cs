using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using RabbitMQ.Client;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Messaging;

[Collection(SharedProbeService.Name)]
public sealed class ConsumerPipelineTests(ProbeService probe)
{
    // Generous: under a loaded CI machine a fault can take a while to reach _error and the broker to answer the count.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_duplicate_delivery_is_applied_once_by_a_consumer_that_calls_no_inbox_helper()
    {
        var note = Unique("slow");
        var messageId = Guid.NewGuid();

        await Task.WhenAll(probe.PublishAsync(note, messageId), probe.PublishAsync(note, messageId));
        await WaitForEffectAsync(note);
        await WaitUntilDrainedAsync(probe.NoteQueue);
        await Task.Delay(500);

        Assert.Equal(1L, await probe.EffectsAsync(note));
        Assert.Equal(1, ProbeNoteConsumer.Attempts[note]);
        Assert.Equal(1L, await probe.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = @id AND consumer = 'ProbeNoteConsumer'", ("id", messageId)));
    }

    [Fact]
    public async Task A_transient_error_is_retried_until_it_passes_and_its_failed_attempts_leave_no_inbox_row()
    {
        var note = Unique("flaky");

        await probe.PublishAsync(note);

        await WaitForEffectAsync(note);
        Assert.Equal(4, ProbeNoteConsumer.Attempts[note]);
        Assert.Equal(1L, await probe.EffectsAsync(note));
        Assert.Equal(0L, await ErrorDepthAsync());
    }

    [Fact]
    public async Task A_permanent_error_goes_to_error_at_once_while_other_messages_keep_flowing_and_its_depth_is_reported()
    {
        var poison = Unique("poison");
        var others = Enumerable.Range(0, 3).Select(_ => Unique("plain")).ToList();

        await probe.PublishAsync(poison);
        foreach (var note in others)
        {
            await probe.PublishAsync(note);
        }

        foreach (var note in others)
        {
            await WaitForEffectAsync(note);
        }

        var errorQueue = probe.NoteQueue + ErrorQueueMover.Suffix;
        var health = await Eventually.ReturnsAsync(
            async () => await ErrorQueueHealthAsync() is { Status: HealthStatus.Degraded } entry ? new[] { entry } : null,
            Patience, "the error-queues check to report the poisoned message");
        Assert.Equal(1L, health[0].Data[errorQueue]);
        Assert.Equal(1L, GaugeReading(errorQueue));
        Assert.Equal(1, ProbeNoteConsumer.Attempts[poison]);
        Assert.Equal(0L, await probe.EffectsAsync(poison));

        await MoveBackAsync(poison);
    }

    [Fact]
    public async Task Moving_errors_back_redelivers_them_with_their_headers_once_the_cause_is_fixed()
    {
        var poison = Unique("poison");
        await probe.PublishAsync(poison, tag: "kept");
        await Eventually.ReturnsAsync(
            async () => await ErrorDepthAsync() > 0 ? "parked" : null, Patience, "the poisoned note to reach _error");

        await MoveBackAsync(poison);

        Assert.Equal("kept", await probe.ScalarAsync<string>("SELECT header FROM probe_effects WHERE note = @note", ("note", poison)));
        Assert.Equal(2, ProbeNoteConsumer.Attempts[poison]);
    }

    [Fact]
    public async Task Moving_errors_from_a_queue_that_does_not_exist_fails_without_creating_it()
    {
        var queue = $"{probe.NoteQueue}-{Guid.NewGuid():N}";

        await Assert.ThrowsAnyAsync<Exception>(() => ErrorQueueMover.MoveAsync(new Uri(probe.Broker), queue));

        Assert.Equal(0L, await DepthAsync(queue + ErrorQueueMover.Suffix, missingIs: 0));
    }

    /// <summary>Cures the note, moves the error queue back, and waits until it is processed and the error queue empty.</summary>
    private async Task MoveBackAsync(string poison)
    {
        await probe.ScalarAsync<object>("INSERT INTO probe_cures (note) VALUES (@note) RETURNING note", ("note", poison));

        var moved = await ErrorQueueMover.MoveAsync(new Uri(probe.Broker), probe.NoteQueue + ErrorQueueMover.Suffix);

        Assert.True(moved >= 1, $"moved {moved}");
        await WaitForEffectAsync(poison);
        Assert.Equal(1L, await probe.EffectsAsync(poison));
        await Eventually.ReturnsAsync(async () => await ErrorDepthAsync() == 0 ? "empty" : null, Patience, "the error queue to be empty");
    }

    private static string Unique(string kind) => $"{kind}-{Guid.NewGuid():N}";

    private Task WaitForEffectAsync(string note) => Eventually.ReturnsAsync(
        async () => await probe.EffectsAsync(note) > 0 ? "applied" : null, Patience, $"{note} to be applied");

    private async Task WaitUntilDrainedAsync(string queue) => await Eventually.ReturnsAsync(
        async () => await DepthAsync(queue, missingIs: 0) == 0 ? "drained" : null, Patience, $"{queue} to be drained");

    private async Task<HealthReportEntry?> ErrorQueueHealthAsync()
    {
        var report = await probe.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("messaging"));
        return report.Entries.TryGetValue("error-queues", out var entry) ? entry : null;
    }

    private Task<long> ErrorDepthAsync() => DepthAsync(probe.NoteQueue + ErrorQueueMover.Suffix, missingIs: 0);

    private async Task<long> DepthAsync(string queue, long missingIs)
    {
        var factory = new ConnectionFactory { Uri = new Uri(probe.Broker) };
        await using var connection = await factory.CreateConnectionAsync();
        var count = await ErrorQueues.MessageCountAsync(connection, queue, CancellationToken.None);
        return count == 0 ? missingIs : count;
    }

    /// <summary>What the probe service's own error-queue gauge reports now for <paramref name="queue"/>.</summary>
    private long? GaugeReading(string queue)
    {
        var meters = probe.Services.GetRequiredService<IMeterFactory>();
        long? reading = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ErrorQueues.MeterName && instrument.Name == ErrorQueues.GaugeName && instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "queue" } && Equals(tag.Value, queue))
                {
                    reading = value;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return reading;
    }
}
