using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;

namespace PijarSemar.ServiceDefaults.Tests.Outbox;

/// <summary>The smallest service there is: ServiceDefaults' database, outbox and messaging, with a consumer that counts.</summary>
public sealed class OutboxHost : IAsyncDisposable
{
    private readonly IHost _host;

    private OutboxHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a host on <paramref name="database"/> and waits until its consumer's queue is bound.</summary>
    public static async Task<OutboxHost> StartAsync(
        string database, string broker, string queuePrefix, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:outbox"] = database,
            ["ConnectionStrings:rabbitmq"] = broker,
            ["Messaging:EndpointPrefix"] = queuePrefix,
            ["Outbox:PollInterval"] = "00:00:00.100",
            ["Outbox:MaxBackoff"] = "00:00:00.200",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDatabase<OutboxTestDbContext>("outbox", typeof(OutboxHost).Assembly);
        builder.AddMessaging<OutboxTestDbContext>("outbox-tests", typeof(OutboxHost).Assembly, type => type.Namespace == typeof(OutboxHost).Namespace);
        var host = builder.Build();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await Eventually.ReturnsAsync(
            async () => (await health.CheckHealthAsync(c => c.Name == "masstransit")).Status == HealthStatus.Healthy ? "bound" : null,
            TimeSpan.FromSeconds(30), "the consumer's queue to be bound");
        return new OutboxHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

public sealed class OutboxTestDbContext(DbContextOptions<OutboxTestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.MapServiceDefaultsTables().UseSnakeCaseNames();
}

/// <summary>Counts every delivery per queue and message, and the trace each one was consumed in. No inbox: a duplicate shows.</summary>
public sealed class WorkerRegisteredProbe : IConsumer<WorkerRegistered>
{
    private static readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, int>> Counts = new();
    private static readonly ConcurrentDictionary<Guid, ActivityTraceId> Traces = new();

    public static int Deliveries(string queuePrefix, Guid messageId) =>
        Counts.TryGetValue(messageId, out var queues)
            ? queues.Where(q => q.Key.StartsWith(queuePrefix, StringComparison.Ordinal)).Sum(q => q.Value)
            : 0;

    public static ActivityTraceId? TraceOf(Guid messageId) => Traces.TryGetValue(messageId, out var trace) ? trace : null;

    public Task Consume(ConsumeContext<WorkerRegistered> context)
    {
        var messageId = context.MessageId!.Value;
        var queue = context.ReceiveContext.InputAddress.AbsolutePath.Split('/')[^1];
        Counts.GetOrAdd(messageId, _ => new()).AddOrUpdate(queue, 1, (_, n) => n + 1);
        if (Activity.Current is { } activity)
        {
            Traces[messageId] = activity.TraceId;
        }

        return Task.CompletedTask;
    }
}

/// <summary>Writes outbox rows as a service or an import would, and reads them back.</summary>
public sealed class OutboxRows(string connectionString)
{
    public static string WorkerRegisteredPayload(Guid workerId) =>
        $$"""{"workerId":"{{workerId}}","occupationCode":"tukang-becak","kecamatan":"Semarang Tengah","p3keListed":false,"registeredAt":"2026-11-30T08:00:00+07:00"}""";

    public Task<Guid> InsertAsync(string messageType, string payload, string extraColumns = "", string extraValues = "") =>
        ScalarAsync<Guid>(
            $"INSERT INTO outbox_messages (id, message_type, payload{extraColumns}) VALUES (gen_random_uuid(), @type, @payload::jsonb{extraValues}) RETURNING id",
            ("type", messageType), ("payload", payload));

    public Task<Guid> InsertWorkerRegisteredAsync() =>
        InsertAsync(OutboxMessage.TypeName(typeof(WorkerRegistered)), WorkerRegisteredPayload(Guid.NewGuid()));

    /// <summary>A death no queue is bound for in these tests: the broker returns it.</summary>
    public Task<Guid> InsertUnroutedAsync() =>
        InsertAsync(OutboxMessage.TypeName(typeof(WorkerDeathConfirmed)),
            $$"""{"workerId":"{{Guid.NewGuid()}}","dateOfDeath":"2026-11-01","claimId":"{{Guid.NewGuid()}}"}""");

    public async Task<List<Guid>> InsertManyWorkerRegisteredAsync(int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO outbox_messages (id, message_type, payload)
            SELECT gen_random_uuid(), @type, jsonb_build_object(
                'workerId', gen_random_uuid(), 'occupationCode', 'nelayan', 'kecamatan', 'Tugu',
                'p3keListed', false, 'registeredAt', now())
            FROM generate_series(1, @count)
            RETURNING id
            """, connection);
        command.Parameters.AddWithValue("type", OutboxMessage.TypeName(typeof(WorkerRegistered)));
        command.Parameters.AddWithValue("count", count);
        var ids = new List<Guid>(count);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task<Row> ReadAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT published_at, dead_at, attempts, last_error, traceparent FROM outbox_messages WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"No outbox row {id}.");
        }

        return new Row(
            reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }

    public Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<T>(connectionString, sql, parameters);

    public sealed record Row(DateTimeOffset? PublishedAt, DateTimeOffset? DeadAt, int Attempts, string? LastError, string? TraceParent);
}
