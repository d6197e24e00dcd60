using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Messaging;

public sealed record OutboxBacklogSnapshot(long Pending, TimeSpan OldestPendingAge, long Dead);

/// <summary>
/// How much is waiting in the outbox: unpublished rows, the age of the oldest, and dead rows.
/// Read for the health check and the gauges, at most every few seconds whoever asks.
/// </summary>
internal sealed class OutboxBacklog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    private const string Query = """
        SELECT count(*),
               coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8,
               (SELECT count(*) FROM outbox_messages WHERE dead_at IS NOT NULL)
        FROM outbox_messages
        WHERE published_at IS NULL AND dead_at IS NULL
        """;

    private readonly Lock _gate = new();
    private (OutboxBacklogSnapshot Snapshot, DateTimeOffset At)? _latest;

    public async Task<OutboxBacklogSnapshot> ReadAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Query);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return Remember(Read(reader));
    }

    /// <summary>For the gauges, whose callbacks are synchronous: the last reading, refreshed when stale; null while the database cannot be read.</summary>
    public OutboxBacklogSnapshot? Recent()
    {
        lock (_gate)
        {
            if (_latest is { } latest && clock.GetUtcNow() - latest.At < Freshness)
            {
                return latest.Snapshot;
            }
        }

        try
        {
            using var command = dataSource.CreateCommand(Query);
            command.CommandTimeout = 5;
            using var reader = command.ExecuteReader();
            reader.Read();
            return Remember(Read(reader));
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private OutboxBacklogSnapshot Remember(OutboxBacklogSnapshot snapshot)
    {
        lock (_gate)
        {
            _latest = (snapshot, clock.GetUtcNow());
        }

        return snapshot;
    }

    private static OutboxBacklogSnapshot Read(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), TimeSpan.FromSeconds(reader.GetDouble(1)), reader.GetInt64(2));
}

/// <summary>Non-gating (tag <c>messaging</c>): a backlog or dead rows deserve attention, never taking the service out of the load balancer.</summary>
internal sealed class OutboxBacklogHealthCheck(OutboxBacklog backlog, IOptions<OutboxOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        OutboxBacklogSnapshot snapshot;
        try
        {
            snapshot = await backlog.ReadAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The outbox cannot be read.", e);
        }

        var data = new Dictionary<string, object>
        {
            ["pending"] = snapshot.Pending,
            ["oldestPendingAgeSeconds"] = Math.Round(snapshot.OldestPendingAge.TotalSeconds, 1),
            ["dead"] = snapshot.Dead,
        };
        if (snapshot.Dead > 0)
        {
            return HealthCheckResult.Degraded($"{snapshot.Dead} outbox rows are dead and need a person (see last_error).", data: data);
        }

        return snapshot.OldestPendingAge > options.Value.BacklogAgeDegraded
            ? HealthCheckResult.Degraded($"The oldest unpublished event has waited {snapshot.OldestPendingAge.TotalSeconds:0} s.", data: data)
            : HealthCheckResult.Healthy($"{snapshot.Pending} events waiting.", data);
    }
}
