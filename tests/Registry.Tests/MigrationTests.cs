using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly IReadOnlyList<System.Reflection.Assembly> _assemblies =
        new ServiceAssemblies(typeof(Program).Assembly).WithMigrations;

    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        var admin = await TestServers.PostgresAsync();
        var name = $"migrations_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    [Fact]
    public async Task Applying_the_migrations_twice_leaves_one_schema_and_records_each_version_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);

        await SqlMigrator.ApplyAsync(dataSource, _assemblies, NullLogger.Instance, CancellationToken.None);
        var schemaAfterFirst = await SchemaAsync(dataSource);
        await SqlMigrator.ApplyAsync(dataSource, _assemblies, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(schemaAfterFirst, await SchemaAsync(dataSource));
        Assert.Equal(MigrationCount(), await CountAsync(dataSource, "SELECT count(DISTINCT version) FROM schema_migrations"));
        Assert.Equal(MigrationCount(), await CountAsync(dataSource, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Two_instances_migrating_at_once_leave_one_correct_schema()
    {
        await using var first = NpgsqlDataSource.Create(_connectionString);
        await using var second = NpgsqlDataSource.Create(_connectionString);

        await Task.WhenAll(
            SqlMigrator.ApplyAsync(first, _assemblies, NullLogger.Instance, CancellationToken.None),
            SqlMigrator.ApplyAsync(second, _assemblies, NullLogger.Instance, CancellationToken.None));

        Assert.Equal(MigrationCount(), await CountAsync(first, "SELECT count(*) FROM schema_migrations"));
        Assert.Equal(24L, await CountAsync(first, "SELECT count(*) FROM occupations"));
        Assert.Equal(16L, await CountAsync(first, "SELECT count(*) FROM kecamatan"));
    }

    private long MigrationCount() =>
        _assemblies.Sum(a => a.GetManifestResourceNames().Count(n => n.StartsWith("Migrations/", StringComparison.Ordinal)));

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> SchemaAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name)
            FROM information_schema.columns WHERE table_schema = 'public'
            """);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestDatabases.DropAsync(_connectionString);
    }
}
