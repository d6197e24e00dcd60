using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Outbox;

[Collection(OutboxTests.Name)]
public sealed class OutboxDispatcherTests(OutboxBroker broker)
{
    private static readonly Dictionary<string, string?> SmallBatches = new() { ["Outbox:BatchSize"] = "5" };

    [Fact]
    public async Task A_row_that_fails_to_publish_does_not_hold_back_the_rows_after_it()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var failing = await bed.Rows.InsertUnroutedAsync();
        var later = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            later.Add(await bed.Rows.InsertWorkerRegisteredAsync());
        }

        await bed.StartDispatcherAsync(SmallBatches);

        foreach (var id in later)
        {
            await bed.WaitForAsync(id, row => row.PublishedAt is not null, "a later row to be published");
        }

        var first = await bed.Rows.ReadAsync(failing);
        Assert.Null(first.PublishedAt);
        Assert.True(first.Attempts >= 1);
    }

    [Fact]
    public async Task An_event_no_queue_is_bound_for_is_returned_and_not_marked_published()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var unrouted = await bed.Rows.InsertUnroutedAsync();

        await bed.StartDispatcherAsync();

        var row = await bed.WaitForAsync(unrouted, row => row.Attempts >= 2, "the returned event to be tried twice");
        Assert.Null(row.PublishedAt);
        Assert.Null(row.DeadAt);
        Assert.Contains("returned", row.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_row_whose_type_cannot_be_resolved_or_whose_payload_cannot_be_read_is_dead_at_once()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var unknownType = await bed.Rows.InsertAsync("PijarSemar.Contracts.Events.WorkerTeleported", OutboxRows.WorkerRegisteredPayload(Guid.NewGuid()));
        var clrName = await bed.Rows.InsertAsync("System.IO.FileInfo, System.Runtime", """{"fileName":"/etc/passwd"}""");
        var unreadable = await bed.Rows.InsertAsync(OutboxMessage.TypeName(typeof(WorkerRegistered)), """{"workerId":"not-a-guid"}""");
        var good = await bed.Rows.InsertWorkerRegisteredAsync();

        await bed.StartDispatcherAsync(new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "5" });

        await bed.WaitForAsync(good, row => row.PublishedAt is not null, "the good row to be published");
        foreach (var id in new[] { unknownType, clrName, unreadable })
        {
            var row = await bed.WaitForAsync(id, row => row.DeadAt is not null, "the unusable row to be dead");
            Assert.Equal(1, row.Attempts);
            Assert.Null(row.PublishedAt);
            Assert.NotNull(row.LastError);
        }
    }

    [Fact]
    public async Task A_row_that_fails_max_attempts_times_is_dead_and_not_retried()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var unrouted = await bed.Rows.InsertUnroutedAsync();
        using var deadLettered = new DeadLetterCounter();

        var host = await bed.StartDispatcherAsync(new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "3" });

        var dead = await bed.WaitForAsync(unrouted, row => row.DeadAt is not null, "the row to be dead");
        Assert.Equal(3, dead.Attempts);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var later = await bed.Rows.ReadAsync(unrouted);
        Assert.Equal(3, later.Attempts);
        Assert.Null(later.PublishedAt);
        Assert.Equal(1, deadLettered.For(host));
    }

    [Fact]
    public async Task Rows_leased_by_a_replica_that_crashed_are_taken_over_when_the_lease_runs_out()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            // As a replica leaves them when it dies between its claim and its mark.
            ids.Add(await bed.Rows.InsertAsync(OutboxMessage.TypeName(typeof(WorkerRegistered)), OutboxRows.WorkerRegisteredPayload(Guid.NewGuid()),
                ", lease_owner, locked_until, next_attempt_at", ", gen_random_uuid(), now() + interval '3 seconds', now() + interval '3 seconds'"));
        }

        await bed.StartDispatcherAsync();

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(ids, id => Assert.Equal(0, bed.Deliveries(id)));
        foreach (var id in ids)
        {
            await bed.WaitForAsync(id, row => row.PublishedAt is not null, "the expired lease to be taken over");
        }

        await Eventually.ReturnsAsync(() => Task.FromResult(ids.All(id => bed.Deliveries(id) == 1) ? "delivered" : null),
            TimeSpan.FromSeconds(10), "each taken-over event to be delivered");
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_publish_every_row_of_a_backlog_exactly_once()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var settings = new Dictionary<string, string?> { ["Outbox:BatchSize"] = "100", ["Outbox:PublishConcurrency"] = "16" };
        await Task.WhenAll(bed.StartDispatcherAsync(settings), bed.StartDispatcherAsync(settings));

        // Written once the queue is bound: earlier tests' queues on this broker would take them otherwise.
        var ids = await bed.Rows.InsertManyWorkerRegisteredAsync(3_000);

        await Eventually.ReturnsAsync(
            async () => await bed.Rows.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL") == 0 ? "drained" : null,
            TimeSpan.FromSeconds(60), "the backlog to drain");
        await Eventually.ReturnsAsync(() => Task.FromResult(ids.All(id => bed.Deliveries(id) >= 1) ? "delivered" : null),
            TimeSpan.FromSeconds(30), "every event to be delivered");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, ids.Count(id => bed.Deliveries(id) != 1));
    }

    [Fact]
    public async Task An_event_stores_the_requests_traceparent_and_its_consumer_continues_that_trace()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var host = await bed.StartDispatcherAsync();
        using var listener = TraceListener.Start();
        using var source = new ActivitySource("PijarSemar.Tests.Request");

        Guid messageId;
        ActivityTraceId requestTrace;
        string requestId;
        using (var request = source.StartActivity("POST /api/v1/workers", ActivityKind.Server)!)
        {
            requestTrace = request.TraceId;
            requestId = request.Id!;
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OutboxTestDbContext>();
            db.AddEvent(new WorkerRegistered(Guid.NewGuid(), "nelayan", "Tugu", false, DateTimeOffset.UtcNow, Version: 1), TimeProvider.System);
            await db.SaveChangesAsync();
            messageId = await db.Set<OutboxMessage>().Select(m => m.Id).SingleAsync();
        }

        var stored = await bed.WaitForAsync(messageId, row => row.PublishedAt is not null, "the event to be published");
        Assert.Equal(requestId, stored.TraceParent);
        var consumed = await Eventually.ReturnsAsync(
            () => Task.FromResult(WorkerRegisteredProbe.TraceOf(messageId) is { } trace ? (object)trace : null),
            TimeSpan.FromSeconds(10), "the consumer to record its trace");
        Assert.Equal(requestTrace, (ActivityTraceId)consumed);
    }

    /// <summary>Samples the request, the outbox and MassTransit, as the service's tracer provider does.</summary>
    private sealed class TraceListener : IDisposable
    {
        private readonly ActivityListener _listener = new()
        {
            ShouldListenTo = source => source.Name.StartsWith("PijarSemar", StringComparison.Ordinal) || source.Name == "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };

        public static TraceListener Start()
        {
            var listener = new TraceListener();
            ActivitySource.AddActivityListener(listener._listener);
            return listener;
        }

        public void Dispose() => _listener.Dispose();
    }
}
