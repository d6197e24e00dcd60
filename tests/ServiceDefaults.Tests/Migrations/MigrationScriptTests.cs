using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PijarSemar.ServiceDefaults.Data;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Migrations;

public sealed class MigrationScriptTests : EmptyDatabase
{
    private const string Table = "CREATE TABLE notes (id int, body text);\nCOMMENT ON TABLE notes IS 'kept';\n";

    [Fact]
    public async Task A_script_checked_out_with_crlf_matches_the_one_applied_with_lf()
    {
        await using var dataSource = DataSource();
        await SqlMigrator.ApplyAsync(dataSource, [new("0001_notes", Table)], new(), NullLogger.Instance, CancellationToken.None);

        var crlf = new SqlMigration("0001_notes", Table.ReplaceLineEndings("\r\n") + "\r\n");
        await SqlMigrator.ApplyAsync(dataSource, [crlf], new(), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(new SqlMigration("0001_notes", Table).Checksum, crlf.Checksum);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task An_edited_script_is_still_refused()
    {
        await using var dataSource = DataSource();
        await SqlMigrator.ApplyAsync(dataSource, [new("0001_notes", Table)], new(), NullLogger.Instance, CancellationToken.None);

        var edited = new SqlMigration("0001_notes", Table.Replace("'kept'", "'changed'", StringComparison.Ordinal));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqlMigrator.ApplyAsync(dataSource, [edited], new(), NullLogger.Instance, CancellationToken.None));

        Assert.Contains("0001_notes was changed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checksum_recorded_before_line_endings_were_ignored_is_accepted_and_replaced()
    {
        await using var dataSource = DataSource();
        var script = new SqlMigration("0001_notes", Table);
        await SqlMigrator.ApplyAsync(dataSource, [script], new(), NullLogger.Instance, CancellationToken.None);
        await ScalarAsync<object>("UPDATE schema_migrations SET checksum = @raw", ("raw", RawChecksum(Table)));

        await SqlMigrator.ApplyAsync(dataSource, [script], new(), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(script.Checksum, await ScalarAsync<string>("SELECT checksum FROM schema_migrations"));
    }

    [Fact]
    public async Task A_no_transaction_migration_creates_indexes_concurrently_and_is_recorded()
    {
        SqlMigration table = new("0001_notes", Table);
        SqlMigration indexes = new("0002_notes_indexes", """
            -- migration: no-transaction
            CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_id ON notes (id);
            -- a comment; with a semicolon
            CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_body ON notes (body) WHERE body <> ';';
            """);
        await using var dataSource = DataSource();

        await SqlMigrator.ApplyAsync(dataSource, [table, indexes], new(), NullLogger.Instance, CancellationToken.None);

        Assert.False(indexes.RunsInTransaction);
        Assert.Equal(2L, await ScalarAsync<long>(
            "SELECT count(*) FROM pg_index WHERE indrelid = 'notes'::regclass AND indisvalid"));
        Assert.Equal(indexes.Checksum, await ScalarAsync<string>(
            "SELECT checksum FROM schema_migrations WHERE version = '0002_notes_indexes'"));
    }

    [Fact]
    public async Task A_database_that_recorded_the_unspaced_defaults_version_is_upgraded_in_place()
    {
        var defaults = SqlMigration.FromAssemblies([typeof(SqlMigration).Assembly]);
        var first = defaults.Single(m => m.Version == "defaults/0000_messaging_and_audit");
        // What the migrator left before ServiceDefaults had a version space of its own.
        await ScalarAsync<object>(first.Sql);
        await ScalarAsync<object>("""
            CREATE TABLE schema_migrations (version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            """);
        await ScalarAsync<object>(
            "INSERT INTO schema_migrations (version, checksum) VALUES ('0000_messaging_and_audit', @raw)", ("raw", RawChecksum(first.Sql)));
        await using var dataSource = DataSource();

        await SqlMigrator.ApplyAsync(dataSource, [typeof(SqlMigration).Assembly], NullLogger.Instance, CancellationToken.None);

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version NOT LIKE 'defaults/%'"));
        Assert.Equal((long)defaults.Count, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task A_service_script_numbered_like_a_defaults_script_is_applied_beside_it()
    {
        var migrations = SqlMigration.FromAssemblies([typeof(SqlMigration).Assembly])
            .Append(new SqlMigration("0000_messaging_and_audit", "CREATE TABLE service_own (id int);"))
            .ToList();
        await using var dataSource = DataSource();

        await SqlMigrator.ApplyAsync(dataSource, migrations, new(), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = 'defaults/0000_messaging_and_audit'"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = '0000_messaging_and_audit'"));
        Assert.NotNull(await ScalarAsync<object>("SELECT to_regclass('service_own')::text"));
    }

    [Fact]
    public async Task A_no_transaction_script_splits_only_at_semicolons_outside_quotes_comments_and_bodies()
    {
        SqlMigration script = new("0001_odd", """
            -- migration: no-transaction
            CREATE TABLE "odd;name" (note text DEFAULT 'a;b' CHECK (note <> E'it\'s;'));
            /* a; /* nested; */ comment */
            CREATE FUNCTION odd_count() RETURNS bigint LANGUAGE sql AS $body$ SELECT count(*) FROM "odd;name"; $body$;
            CREATE INDEX CONCURRENTLY odd_note ON "odd;name" (note)
            """);
        await using var dataSource = DataSource();

        await SqlMigrator.ApplyAsync(dataSource, [script], new(), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(0L, await ScalarAsync<long>("SELECT odd_count()"));
        Assert.Equal("a;b", await ScalarAsync<string>("""INSERT INTO "odd;name" DEFAULT VALUES RETURNING note"""));
        Assert.True(await ScalarAsync<bool>("SELECT indisvalid FROM pg_index WHERE indexrelid = 'odd_note'::regclass"));
    }

    private static string RawChecksum(string sql) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
}
