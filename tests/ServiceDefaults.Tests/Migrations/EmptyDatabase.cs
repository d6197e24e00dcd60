using Npgsql;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Migrations;

/// <summary>A database of its own with nothing in it, dropped after the test class.</summary>
public abstract class EmptyDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var admin = await TestServers.PostgresAsync();
        var name = $"migrations_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync() => await TestDatabases.DropAsync(ConnectionString);

    public NpgsqlDataSource DataSource(Action<NpgsqlConnectionStringBuilder>? configure = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        configure?.Invoke(builder);
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<T>(ConnectionString, sql, parameters);
}
