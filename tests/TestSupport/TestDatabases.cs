using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PijarSemar.ServiceDefaults.Data;

namespace PijarSemar.TestSupport;

/// <summary>
/// A fresh database per test class, copied from a template migrated once per schema version:
/// isolated like a new server, but a copy takes a fraction of a second.
/// </summary>
public static class TestDatabases
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new();

    /// <summary>Databases made on a server other than the shared one, with that server's admin connection, to drop them there.</summary>
    private static readonly ConcurrentDictionary<string, string> OtherServers = new();

    public static async Task<string> CreateAsync(string service, Assembly serviceAssembly) =>
        await CreateAsync(service, serviceAssembly, await TestServers.PostgresAsync());

    /// <summary>
    /// A fresh database on the server <paramref name="admin"/> connects to (a superuser connection string):
    /// a test that stops and restarts PostgreSQL runs on a server of its own, never on the shared one.
    /// </summary>
    public static async Task<string> CreateAsync(string service, Assembly serviceAssembly, string admin)
    {
        // A template per server: CREATE DATABASE … TEMPLATE copies only from the same server.
        var template = await Templates.GetOrAdd($"{service} {admin}", _ => new(() => EnsureTemplateAsync(admin, service, serviceAssembly))).Value;
        var name = $"{service}_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        if (admin != await TestServers.PostgresAsync())
        {
            OtherServers[name] = admin;
        }

        return WithDatabase(admin, name);
    }

    /// <summary>A database with nothing in it, for a test of a service that migrates its own.</summary>
    public static async Task<string> CreateEmptyAsync(string service)
    {
        var admin = await TestServers.PostgresAsync();
        var name = $"{service}_empty_{Guid.NewGuid():N}";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        return WithDatabase(admin, name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        var admin = OtherServers.TryRemove(database, out var other) ? other : await TestServers.PostgresAsync();
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static async Task<string> EnsureTemplateAsync(string admin, string service, Assembly serviceAssembly)
    {
        var assemblies = new ServiceAssemblies(serviceAssembly).WithMigrations;
        var template = $"{service}_template_{SchemaVersion(assemblies)}";

        // Test projects run in parallel and may share one server (PIJAR_TEST_POSTGRES): one builds, the others wait.
        // Unlocked explicitly: closing a pooled connection keeps its session's locks until the pool reuses it.
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await LockAsync(connection, "SELECT pg_advisory_lock(hashtext(@name))", template);
        try
        {
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", template);
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
            {
                var building = template + "_building";
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
                await ExecuteAsync(admin, $"CREATE DATABASE \"{building}\"");
                var buildingConnection = WithDatabase(admin, building, pooling: false);
                await using (var dataSource = NpgsqlDataSource.Create(buildingConnection))
                {
                    await SqlMigrator.ApplyAsync(dataSource, assemblies, NullLogger.Instance, CancellationToken.None);
                }

                // Renamed only once complete, so a crash mid-migration never leaves a half-built template behind.
                await ExecuteAsync(admin, $"ALTER DATABASE \"{building}\" RENAME TO \"{template}\"");
            }
        }
        finally
        {
            await LockAsync(connection, "SELECT pg_advisory_unlock(hashtext(@name))", template);
        }

        return template;
    }

    private static async Task LockAsync(NpgsqlConnection connection, string sql, string template)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", template);
        await command.ExecuteNonQueryAsync();
    }

    private static string SchemaVersion(IEnumerable<Assembly> assemblies)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var assembly in assemblies)
        {
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)).Order())
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                hash.AppendData(buffer.ToArray());
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..12].ToLowerInvariant();
    }

    private static string WithDatabase(string admin, string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = pooling }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
