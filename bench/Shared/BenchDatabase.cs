using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Data;

namespace PijarSemar.Bench;

/// <summary>
/// A freshly migrated database of one service, shared by the benchmarks: on a throw-away local PostgreSQL (Durable = false:
/// fsync, synchronous commit and full-page writes off), or on the server <c>PIJAR_BENCH_POSTGRES</c>
/// names (a superuser connection string), where the database is dropped afterwards.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly PostgresServer? _server;
    private readonly string _admin;
    private readonly string _name;

    private BenchDatabase(PostgresServer? server, string admin, string name, string description)
    {
        _server = server;
        _admin = admin;
        _name = name;
        Description = description;
        DataSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString)
            .EnableDynamicJson()
            .Build();
    }

    public NpgsqlDataSource DataSource { get; }

    public string Description { get; }

    /// <param name="label">names the throw-away directory and database (<c>billing</c>, <c>import</c>).</param>
    /// <param name="service">the service assembly whose migrations (and ServiceDefaults') are applied.</param>
    public static async Task<BenchDatabase> CreateAsync(string label, Assembly service)
    {
        var given = Environment.GetEnvironmentVariable("PIJAR_BENCH_POSTGRES");
        PostgresServer? server = null;
        string description;
        if (string.IsNullOrWhiteSpace(given))
        {
            var directory = Path.Combine(Path.GetTempPath(), $"pijar-{label}-bench-{Environment.ProcessId}");
            server = await PostgresServer.StartAsync(new PostgresServerOptions(directory, FreePort.Next())
            {
                Durable = false,
                DeleteDataOnStop = true,
            });
            given = server.ConnectionString();
            description = "throw-away local PostgreSQL, default settings except Durable = false (fsync, synchronous_commit and full_page_writes off)";
        }
        else
        {
            description = "PIJAR_BENCH_POSTGRES";
        }

        var name = $"{label.Replace('-', '_')}_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(given, $"CREATE DATABASE \"{name}\"");
        var database = new BenchDatabase(server, given, name, description);
        await SqlMigrator.ApplyAsync(
            database.DataSource, new ServiceAssemblies(service).WithMigrations, NullLogger.Instance, CancellationToken.None);
        return database;
    }

    public async Task<string> ServerVersionAsync()
    {
        await using var command = DataSource.CreateCommand("SELECT current_setting('server_version') || ', shared_buffers ' || current_setting('shared_buffers')");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        else
        {
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
