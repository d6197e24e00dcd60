using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Data;

/// <summary>
/// Applies versioned SQL scripts (<see cref="SqlMigration"/>) in order, each in its own
/// transaction unless marked otherwise. A PostgreSQL advisory lock serialises instances that start
/// together: the others wait for it as long as it takes (a rolling deploy must not crash-loop on a
/// slow migration); a checksum catches an edited script.
/// </summary>
public static partial class SqlMigrator
{
    // Any fixed number will do, as long as every instance of every service uses the same one.
    private const long LockKey = 7_301_374_000_001;

    // ServiceDefaults' scripts recorded before they had a version space of their own.
    private static readonly string[] UnspacedDefaults = ["0000_messaging_and_audit"];

    public static Task ApplyAsync(
        NpgsqlDataSource dataSource, IEnumerable<Assembly> assemblies, ILogger logger, CancellationToken cancellationToken) =>
        ApplyAsync(dataSource, SqlMigration.FromAssemblies(assemblies), new MigrationOptions(), logger, cancellationToken);

    public static async Task ApplyAsync(
        NpgsqlDataSource dataSource,
        IReadOnlyList<SqlMigration> migrations,
        MigrationOptions options,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(options);
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Migration version {duplicate.Key} is defined twice.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await WaitForLockAsync(connection, options, logger, cancellationToken);
        try
        {
            await ExecuteAsync(
                connection, "SELECT set_config('lock_timeout', @value, false)", cancellationToken,
                ("value", $"{(long)options.LockTimeout.TotalMilliseconds}ms"));
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    text PRIMARY KEY,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            await MoveUnspacedDefaultsAsync(connection, migrations, logger, cancellationToken);
            var applied = await AppliedAsync(connection, cancellationToken);
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    await VerifyUnchangedAsync(connection, migration, checksum, cancellationToken);
                    continue;
                }

                try
                {
                    await ApplyOneAsync(connection, migration, cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
                {
                    throw new InvalidOperationException(
                        $"Migration {migration.Version} waited longer than its lock timeout ({options.LockTimeout.TotalSeconds:0.#} s, " +
                        "Migrations:LockTimeout) for a table another transaction holds, and was not applied. " +
                        "Find that transaction in pg_stat_activity; the migration is tried again at the next start.",
                        e);
                }

                LogApplied(logger, migration.Version);
            }
        }
        finally
        {
            // The connection goes back to the pool: leave it as it was.
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
            await ExecuteAsync(connection, "RESET lock_timeout", CancellationToken.None);
        }
    }

    /// <summary>
    /// Asks for the lock without waiting inside PostgreSQL, so no command timeout ever ends the
    /// wait, shutdown can cancel it, and the log says why this instance is not ready yet.
    /// </summary>
    private static async Task WaitForLockAsync(
        NpgsqlConnection connection, MigrationOptions options, ILogger logger, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        var nextLog = TimeSpan.Zero;
        while (!await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", ct, ("key", LockKey)))
        {
            if (waited.Elapsed >= nextLog)
            {
                LogWaitingForLock(logger, (long)waited.Elapsed.TotalSeconds);
                nextLog += options.WaitLogInterval;
            }
            await Task.Delay(options.LockPollInterval, ct);
        }
    }

    /// <summary>Gives ServiceDefaults' scripts recorded without a version space their <c>defaults/</c> name, in place.</summary>
    private static async Task MoveUnspacedDefaultsAsync(
        NpgsqlConnection connection, IReadOnlyList<SqlMigration> migrations, ILogger logger, CancellationToken ct)
    {
        var known = migrations.Select(m => m.Version).ToHashSet(StringComparer.Ordinal);
        foreach (var old in UnspacedDefaults.Where(v => known.Contains(SqlMigration.DefaultsSpace + v) && !known.Contains(v)))
        {
            var moved = await ExecuteAsync(connection, """
                UPDATE schema_migrations SET version = @spaced
                WHERE version = @old AND NOT EXISTS (SELECT FROM schema_migrations WHERE version = @spaced)
                """, ct, ("old", old), ("spaced", SqlMigration.DefaultsSpace + old));
            if (moved > 0)
            {
                LogMovedToVersionSpace(logger, old, SqlMigration.DefaultsSpace + old);
            }
        }
    }

    private static async Task VerifyUnchangedAsync(NpgsqlConnection connection, SqlMigration migration, string recorded, CancellationToken ct)
    {
        if (recorded == migration.Checksum)
        {
            return;
        }
        if (recorded == migration.LegacyChecksum)
        {
            // Recorded before checksums ignored line endings: the same script, so record the new checksum.
            await ExecuteAsync(
                connection, "UPDATE schema_migrations SET checksum = @checksum WHERE version = @version", ct,
                ("checksum", migration.Checksum), ("version", migration.Version));
            return;
        }
        throw new InvalidOperationException(
            $"Migration {migration.Version} was changed after it was applied; add a new migration instead.");
    }

    private static async Task ApplyOneAsync(NpgsqlConnection connection, SqlMigration migration, CancellationToken ct)
    {
        if (!migration.RunsInTransaction)
        {
            foreach (var statement in SqlStatements.Split(migration.Sql))
            {
                await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 0 };
                await command.ExecuteNonQueryAsync(ct);
            }
            await RecordAsync(connection, null, migration, ct);
            return;
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction) { CommandTimeout = 0 })
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        await RecordAsync(connection, transaction, migration, ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SqlMigration migration, CancellationToken ct)
    {
        await using var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, checksum) VALUES (@v, @c)", connection, transaction);
        record.Parameters.AddWithValue("v", migration.Version);
        record.Parameters.AddWithValue("c", migration.Checksum);
        await record.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Dictionary<string, string>> AppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(
        NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(ct))!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version}")]
    private static partial void LogApplied(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Waiting for another instance to finish migrating the database (waited {WaitedSeconds} s so far)")]
    private static partial void LogWaitingForLock(ILogger logger, long waitedSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded migration {OldVersion} under its version space as {Version}")]
    private static partial void LogMovedToVersionSpace(ILogger logger, string oldVersion, string version);
}
