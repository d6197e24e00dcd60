using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PijarSemar.ServiceDefaults.Data;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Migrations;

public sealed class MigrationLockTests : EmptyDatabase
{
    private static readonly MigrationOptions Quick = new() { LockPollInterval = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task A_replica_waiting_for_another_replicas_slow_migration_outlasts_its_command_timeout()
    {
        SqlMigration[] slow = [new("0001_slow", "SELECT pg_sleep(4); CREATE TABLE slow_done (id int);")];
        // A one-second command timeout: a wait for the lock inside one command would fail after it.
        await using var first = DataSource(b => b.CommandTimeout = 1);
        await using var second = DataSource(b => b.CommandTimeout = 1);
        var firstLog = new CollectingLogger();
        var secondLog = new CollectingLogger();

        await Task.WhenAll(
            SqlMigrator.ApplyAsync(first, slow, Quick, firstLog, CancellationToken.None),
            SqlMigrator.ApplyAsync(second, slow, Quick, secondLog, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = '0001_slow'"));
        Assert.Contains(firstLog.Messages.Concat(secondLog.Messages), m => m.StartsWith("Waiting for another instance", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shutdown_ends_the_wait_for_the_migration_lock()
    {
        SqlMigration[] slow = [new("0001_slow", "SELECT pg_sleep(30);")];
        await using var first = DataSource();
        await using var second = DataSource();
        using var stopFirst = new CancellationTokenSource();
        var holding = SqlMigrator.ApplyAsync(first, slow, Quick, NullLogger.Instance, stopFirst.Token);
        await WaitUntilSleepingAsync();

        // The watch starts first, so it can only read more than the second the shutdown is due after.
        var waited = Stopwatch.StartNew();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => SqlMigrator.ApplyAsync(second, slow, Quick, NullLogger.Instance, shutdown.Token).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(0.95), TimeSpan.FromSeconds(5));
        await stopFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => holding);
    }

    [Fact]
    public async Task A_migration_blocked_by_a_long_transaction_fails_with_the_lock_timeout_instead_of_hanging()
    {
        SqlMigration table = new("0001_table", "CREATE TABLE held (id int);");
        SqlMigration alter = new("0002_alter", "ALTER TABLE held ADD COLUMN note text;");
        await using var dataSource = DataSource();
        await SqlMigrator.ApplyAsync(dataSource, [table], Quick, NullLogger.Instance, CancellationToken.None);
        // A report reading the table in a transaction that stays open.
        await using var reader = new NpgsqlConnection(ConnectionString);
        await reader.OpenAsync();
        await using var transaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM held", reader, transaction))
        {
            await read.ExecuteScalarAsync();
        }

        var options = new MigrationOptions { LockTimeout = TimeSpan.FromSeconds(1), LockPollInterval = Quick.LockPollInterval };
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => SqlMigrator.ApplyAsync(dataSource, [table, alter], options, NullLogger.Instance, CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Contains("0002_alter", failure.Message, StringComparison.Ordinal);
        Assert.Contains("lock timeout", failure.Message, StringComparison.Ordinal);
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, Assert.IsType<PostgresException>(failure.InnerException).SqlState);
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = '0002_alter'"));
    }

    private async Task WaitUntilSleepingAsync()
    {
        var waited = Stopwatch.StartNew();
        while (await ScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'") == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "The first migrator never started its migration.");
            await Task.Delay(50);
        }
    }
}
