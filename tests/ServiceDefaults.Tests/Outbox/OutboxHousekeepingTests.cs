using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Messaging;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Outbox;

[Collection(OutboxTests.Name)]
public sealed class OutboxHousekeepingTests(OutboxBroker broker)
{
    private static readonly string WorkerRegisteredName = OutboxMessage.TypeName(typeof(WorkerRegistered));

    [Fact]
    public async Task The_clean_up_deletes_old_published_rows_in_batches_and_keeps_dead_recent_and_pending_ones()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        for (var i = 0; i < 7; i++)
        {
            await InsertAsync(bed, publishedDaysAgo: 10);
        }

        var recent = await InsertAsync(bed, publishedDaysAgo: 1);
        var dead = await bed.Rows.InsertAsync(WorkerRegisteredName, OutboxRows.WorkerRegisteredPayload(Guid.NewGuid()),
            ", occurred_at, dead_at", ", now() - interval '30 days', now() - interval '30 days'");
        var pending = await bed.Rows.InsertAsync(WorkerRegisteredName, OutboxRows.WorkerRegisteredPayload(Guid.NewGuid()),
            ", occurred_at, next_attempt_at", ", now() - interval '30 days', now() + interval '1 hour'");
        await using var dataSource = NpgsqlDataSource.Create(bed.Database);

        var (deleted, statements) = await new OutboxCleanup(dataSource).DeletePublishedAsync(TimeSpan.FromDays(7), batchSize: 3, CancellationToken.None);

        Assert.Equal(7, deleted);
        Assert.Equal(3, statements);
        Assert.Equal(3L, await bed.Rows.ScalarAsync<long>("SELECT count(*) FROM outbox_messages"));
        foreach (var kept in new[] { recent, dead, pending })
        {
            await bed.Rows.ReadAsync(kept);
        }
    }

    [Fact]
    public async Task The_messaging_health_check_and_gauges_report_the_backlog_its_oldest_row_and_dead_rows()
    {
        await using var bed = await OutboxTestBed.CreateAsync(broker);
        var host = await bed.StartDispatcherAsync();
        for (var i = 0; i < 2; i++)
        {
            // Not due for an hour, so the running dispatcher leaves them waiting.
            await bed.Rows.InsertAsync(WorkerRegisteredName, OutboxRows.WorkerRegisteredPayload(Guid.NewGuid()),
                ", occurred_at, next_attempt_at", ", now() - interval '10 minutes', now() + interval '1 hour'");
        }

        await bed.Rows.InsertAsync(WorkerRegisteredName, OutboxRows.WorkerRegisteredPayload(Guid.NewGuid()), ", dead_at", ", now()");

        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains(MessagingHealth.Tag));

        var outbox = report.Entries["outbox"];
        Assert.Equal(HealthStatus.Degraded, outbox.Status);
        Assert.Equal(2L, outbox.Data["pending"]);
        Assert.Equal(1L, outbox.Data["dead"]);
        Assert.InRange((double)outbox.Data["oldestPendingAgeSeconds"], 590, 700);
        Assert.Equal(HealthStatus.Healthy, report.Entries["broker"].Status);
        Assert.DoesNotContain(report.Entries.Values, e => e.Tags.Contains("ready"));

        await Task.Delay(TimeSpan.FromSeconds(6)); // past the snapshot the health check just took
        using var pendingGauge = new MessagingMeterListener("pijarsemar.outbox.pending");
        using var ageGauge = new MessagingMeterListener("pijarsemar.outbox.oldest_pending_age");
        using var deadGauge = new MessagingMeterListener("pijarsemar.outbox.dead");
        pendingGauge.Observe();
        ageGauge.Observe();
        deadGauge.Observe();
        Assert.Equal(2, pendingGauge.For(host));
        Assert.InRange(ageGauge.For(host), 590, 700);
        Assert.Equal(1, deadGauge.For(host));
    }

    private static Task<Guid> InsertAsync(OutboxTestBed bed, int publishedDaysAgo) =>
        bed.Rows.InsertAsync(WorkerRegisteredName, OutboxRows.WorkerRegisteredPayload(Guid.NewGuid()),
            ", occurred_at, published_at", $", now() - interval '{publishedDaysAgo} days', now() - interval '{publishedDaysAgo} days'");
}
