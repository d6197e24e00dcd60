using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Data;

namespace PijarSemar.Outbox.DispatchBench;

/// <summary>
/// A throw-away PostgreSQL (Durable = false, as the import benchmark's) with a database migrated
/// by ServiceDefaults' migrations, and a throw-away RabbitMQ; both are deleted when disposed.
/// </summary>
internal sealed class BenchServers : IAsyncDisposable
{
    private readonly PostgresServer _postgres;
    private readonly RabbitMqServer _rabbitMq;

    private BenchServers(PostgresServer postgres, RabbitMqServer rabbitMq, string database)
    {
        _postgres = postgres;
        _rabbitMq = rabbitMq;
        Database = database;
        DataSource = new NpgsqlDataSourceBuilder(database).EnableDynamicJson().Build();
    }

    public string Database { get; }

    public string Broker => _rabbitMq.ConnectionString;

    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchServers> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"pijar-outbox-bench-{Environment.ProcessId}");
        var postgresStart = PostgresServer.StartAsync(new PostgresServerOptions(Path.Combine(root, "pg"), FreePort.Next())
        {
            Durable = false,
            DeleteDataOnStop = true,
        });
        var rabbitMqStart = RabbitMqServer.StartAsync(new RabbitMqServerOptions(Path.Combine(root, "mq"), FreePort.Next())
        {
            DeleteDataOnStop = true,
        });
        var postgres = await postgresStart;
        var rabbitMq = await rabbitMqStart;

        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres.ConnectionString()) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE outbox_bench", admin);
            await create.ExecuteNonQueryAsync();
        }

        var database = new NpgsqlConnectionStringBuilder(postgres.ConnectionString()) { Database = "outbox_bench" }.ConnectionString;
        var servers = new BenchServers(postgres, rabbitMq, database);
        await SqlMigrator.ApplyAsync(
            servers.DataSource, new ServiceAssemblies(typeof(BenchServers).Assembly).WithMigrations, NullLogger.Instance, CancellationToken.None);
        return servers;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await Task.WhenAll(_postgres.DisposeAsync().AsTask(), _rabbitMq.DisposeAsync().AsTask());
    }
}
