using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Messaging;

/// <summary>A note for the probe consumer; its text says how the consumer treats it.</summary>
public sealed record ProbeNote(string Note);

public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapServiceDefaultsTables();
        modelBuilder.UseSnakeCaseNames();
    }
}

/// <summary>
/// Writes one row per run and calls no inbox helper: only the pipeline can keep a duplicate from
/// writing a second row. Notes starting with <c>poison</c> fail for good until cured; notes
/// starting with <c>flaky</c> time out on their first three attempts; <c>slow</c> ones take 300 ms.
/// </summary>
public sealed class ProbeNoteConsumer(ProbeDbContext db) : IConsumer<ProbeNote>
{
    public static readonly ConcurrentDictionary<string, int> Attempts = new();

    public async Task Consume(ConsumeContext<ProbeNote> context)
    {
        var note = context.Message.Note;
        var attempt = Attempts.AddOrUpdate(note, 1, (_, n) => n + 1);
        if (note.StartsWith("poison", StringComparison.Ordinal)
            && !await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM probe_cures WHERE note = {note}").AnyAsync(context.CancellationToken))
        {
            throw new InvalidOperationException("This note cannot be processed.");
        }

        if (note.StartsWith("flaky", StringComparison.Ordinal) && attempt <= 3)
        {
            throw new TimeoutException("The database did not answer in time.");
        }

        if (note.StartsWith("slow", StringComparison.Ordinal))
        {
            await Task.Delay(300, context.CancellationToken);
        }

        var header = context.Headers.Get<string>("probe-tag");
        await db.Database.ExecuteSqlAsync($"INSERT INTO probe_effects (note, header) VALUES ({note}, {header})", context.CancellationToken);
    }
}

/// <summary>
/// One probe service for all its tests: a second one would bind its own queue to the same
/// exchange, take a copy of every note and blur what each test counts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedProbeService : ICollectionFixture<ProbeService>
{
    public const string Name = "probe service";
}

/// <summary>A minimal service built like the real ones: its own database, ServiceDefaults' messaging, the shared test broker.</summary>
public sealed class ProbeService : IAsyncLifetime
{
    private IHost? _host;

    public string ConnectionString { get; private set; } = "";

    public string Broker { get; private set; } = "";

    public IHost Host => _host ?? throw new InvalidOperationException("The probe service has not started.");

    public IServiceProvider Services => Host.Services;

    /// <summary>The probe consumer's queue, e.g. <c>probe_1a2b…-probe-note</c>.</summary>
    public string NoteQueue => Services.GetRequiredService<ErrorQueues>().LastCounts.Keys.Single()[..^ErrorQueueMover.Suffix.Length];

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabases.CreateAsync("probe", typeof(ProbeService).Assembly);
        Broker = await TestServers.RabbitMqAsync();
        _host = Build(ConnectionString, Broker, new Dictionary<string, string?>
        {
            ["Messaging:Retry:MinInterval"] = "00:00:00.100",
            ["Messaging:Retry:MaxInterval"] = "00:00:00.500",
            ["Inbox:BatchSize"] = "2",
        });
        await Host.StartAsync();
        var health = Services.GetRequiredService<HealthCheckService>();
        await Eventually.ReturnsAsync(
            async () => (await health.CheckHealthAsync(c => c.Tags.Contains("ready"))).Status == HealthStatus.Healthy ? "ready" : null,
            TimeSpan.FromSeconds(60), "the probe service to be ready");
    }

    public static IHost Build(string database, string broker, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probe"] = database,
            ["ConnectionStrings:rabbitmq"] = broker,
            ["Messaging:EndpointPrefix"] = new NpgsqlConnectionStringBuilder(database).Database,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDatabase<ProbeDbContext>("probe", typeof(ProbeService).Assembly);
        builder.AddMessaging<ProbeDbContext>("probe", typeof(ProbeService).Assembly, type => type.Namespace == typeof(ProbeService).Namespace);
        return builder.Build();
    }

    public async Task<Guid> PublishAsync(string note, Guid? messageId = null, string? tag = null)
    {
        var id = messageId ?? NewId.NextGuid();
        await Services.GetRequiredService<IBus>().Publish(new ProbeNote(note), context =>
        {
            context.MessageId = id;
            if (tag is not null)
            {
                context.Headers.Set("probe-tag", tag);
            }
        });
        return id;
    }

    public Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<T>(ConnectionString, sql, parameters);

    public Task<long> EffectsAsync(string note) =>
        ScalarAsync<long>("SELECT count(*) FROM probe_effects WHERE note = @note", ("note", note));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        if (ConnectionString.Length > 0)
        {
            await TestDatabases.DropAsync(ConnectionString);
        }
    }
}
