using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PijarSemar.LocalServers;

namespace PijarSemar.AppHost;

/// <summary>
/// PostgreSQL and RabbitMQ for the stack: the ones configured as <c>ConnectionStrings:postgres</c>
/// and <c>ConnectionStrings:rabbitmq</c>, otherwise local servers that keep their data in .pijar/.
/// </summary>
internal sealed class BackingServers : IAsyncDisposable
{
    private const int PostgresPort = 5433;
    private const int RabbitMqPort = 5673;
    private const int RabbitMqDistributionPort = 25673;

    private readonly PostgresServer? localPostgres;
    private readonly RabbitMqServer? localRabbitMq;

    private BackingServers(string postgres, string rabbitMq, PostgresServer? localPostgres, RabbitMqServer? localRabbitMq)
    {
        Postgres = postgres;
        RabbitMq = rabbitMq;
        this.localPostgres = localPostgres;
        this.localRabbitMq = localRabbitMq;
    }

    /// <summary>A connection string to the server's maintenance database.</summary>
    public string Postgres { get; }

    public string RabbitMq { get; }

    public IEnumerable<WatchedProcess> Watched
    {
        get
        {
            if (localPostgres is not null)
            {
                yield return new("postgres", localPostgres.Exited, () => localPostgres.RecentOutput);
            }
            if (localRabbitMq is not null)
            {
                yield return new("rabbitmq", localRabbitMq.Exited, () => localRabbitMq.RecentOutput);
            }
        }
    }

    /// <summary>The PostgreSQL server without its password, for people to read.</summary>
    public string PostgresEndpoint
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(Postgres);
            return $"Host={builder.Host};Port={builder.Port};Username={builder.Username}" + (localPostgres is null ? " (configured)" : string.Empty);
        }
    }

    /// <summary>The broker without its password, for people to read.</summary>
    public string RabbitMqEndpoint =>
        localRabbitMq is null ? $"{new Uri(RabbitMq).GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped)} (configured)" : RabbitMq;

    public static async Task<BackingServers> StartAsync(
        IConfiguration configuration, StateDirectory state, ConsoleLog log, CancellationToken ct)
    {
        var configuredPostgres = configuration.GetConnectionString("postgres");
        var configuredRabbitMq = configuration.GetConnectionString("rabbitmq");
        // Both checked before either starts, so a missing one is reported at once.
        if (string.IsNullOrWhiteSpace(configuredPostgres))
        {
            PostgresServer.EnsureInstalled();
        }
        if (string.IsNullOrWhiteSpace(configuredRabbitMq))
        {
            RabbitMqServer.EnsureInstalled();
        }
        PostgresServer? postgres = null;
        RabbitMqServer? rabbitMq = null;
        try
        {
            await FailFast.WhenAllAsync(
                ct,
                async token =>
                {
                    if (string.IsNullOrWhiteSpace(configuredPostgres))
                    {
                        var started = Stopwatch.StartNew();
                        postgres = await PostgresServer.StartAsync(
                            new(state.Postgres, PostgresPort) { Output = log.For("postgres") }, token);
                        log.Info($"PostgreSQL ready in {started.Elapsed.TotalSeconds:0.0} s.");
                    }
                },
                async token =>
                {
                    if (string.IsNullOrWhiteSpace(configuredRabbitMq))
                    {
                        var started = Stopwatch.StartNew();
                        rabbitMq = await RabbitMqServer.StartAsync(
                            new(state.RabbitMq, RabbitMqPort)
                            {
                                NodeName = "pijar-dev@localhost",
                                DistributionPort = RabbitMqDistributionPort,
                                Output = log.For("rabbitmq"),
                            },
                            token);
                        log.Info($"RabbitMQ ready in {started.Elapsed.TotalSeconds:0.0} s.");
                    }
                });
        }
        catch
        {
            await StopAsync(postgres, rabbitMq);
            throw;
        }
        return new BackingServers(
            postgres?.ConnectionString() ?? configuredPostgres!, rabbitMq?.ConnectionString ?? configuredRabbitMq!, postgres, rabbitMq);
    }

    public string PostgresFor(string database) =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ConnectionString;

    /// <summary>Creates the services' databases if missing; each service migrates its own schema.</summary>
    public async Task CreateDatabasesAsync(IEnumerable<string> databases, CancellationToken ct)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(Postgres) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(maintenance);
        await connection.OpenAsync(ct);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
            {
                Parameters = { new() { Value = database } },
            };
            if (await exists.ExecuteScalarAsync(ct) is not null)
            {
                continue;
            }
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created meanwhile by someone else: just as good.
            }
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(localPostgres, localRabbitMq));

    private static Task StopAsync(PostgresServer? postgres, RabbitMqServer? rabbitMq) =>
        Task.WhenAll(postgres?.DisposeAsync().AsTask() ?? Task.CompletedTask, rabbitMq?.DisposeAsync().AsTask() ?? Task.CompletedTask);
}
