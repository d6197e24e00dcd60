using Npgsql;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Migrations;

public sealed class TemplateLockTests
{
    [Fact]
    public async Task Building_a_template_database_releases_the_lock_it_took()
    {
        var service = $"lockcheck{Guid.NewGuid():N}"[..20];
        var database = await TestDatabases.CreateAsync(service, typeof(SqlMigrator).Assembly);
        try
        {
            await using var connection = new NpgsqlConnection(await TestServers.PostgresAsync());
            await connection.OpenAsync();
            // An advisory lock on one int4 key is held as (classid, objid) = (high, low) 32 bits of the key.
            await using var held = new NpgsqlCommand("""
                SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.datname LIKE @template
                WHERE l.locktype = 'advisory' AND l.objid::bigint = (hashtext(d.datname)::bigint & 4294967295)
                """, connection);
            held.Parameters.AddWithValue("template", $"{service}_template_%");

            Assert.Equal(0L, (long)(await held.ExecuteScalarAsync())!);
        }
        finally
        {
            await TestDatabases.DropAsync(database);
            await DropTemplateAsync(service);
        }
    }

    private static async Task DropTemplateAsync(string service)
    {
        var admin = await TestServers.PostgresAsync();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE @template", connection);
        find.Parameters.AddWithValue("template", $"{service}_template_%");
        if (await find.ExecuteScalarAsync() is string template)
        {
            await TestDatabases.DropAsync(new NpgsqlConnectionStringBuilder(admin) { Database = template }.ConnectionString);
        }
    }
}
