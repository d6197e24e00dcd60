using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Jobs;

/// <summary>
/// Tries one item of a job: takes its advisory lock, starts and counts an attempt, runs it, and
/// marks it Failed once the attempts are used up. The runner calls it; so can a benchmark.
/// </summary>
public sealed partial class BackgroundJobExecutor<TJob>(
    NpgsqlDataSource dataSource,
    TJob job,
    BackgroundJobDefinition<TJob> definition,
    IOptionsMonitor<BackgroundJobOptions> options,
    ILogger<BackgroundJobExecutor<TJob>> logger)
    where TJob : IBackgroundJob
{
    /// <summary>
    /// A session lock per item, held on the connection that runs it: it disappears with that
    /// connection when an instance dies, so another instance resumes the item, and it does not
    /// lock the item's row, so the job can write progress while its transaction is open. Two-key
    /// locks never meet SqlMigrator's one-key lock; the lock space keeps one job's items from another's.
    /// </summary>
    private const string TryLock = "SELECT pg_try_advisory_lock(@lock_space, hashtext(@key))";

    private const string Unlock = "SELECT pg_advisory_unlock(@lock_space, hashtext(@key))";

    public async Task<JobRunResult> TryRunAsync(string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!(bool)(await ExecuteLockAsync(connection, TryLock, key, ct))!)
        {
            return JobRunResult.Busy;
        }

        try
        {
            return await RunLockedAsync(connection, key, ct);
        }
        finally
        {
            // A broken connection has already dropped its session locks.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ExecuteLockAsync(connection, Unlock, key, CancellationToken.None);
            }
        }
    }

    private async Task<JobRunResult> RunLockedAsync(NpgsqlConnection connection, string key, CancellationToken ct)
    {
        if (await job.StartAttemptAsync(connection, key, ct) is not { } attempt)
        {
            return JobRunResult.NotPending;
        }

        // Attempts that were interrupted (the instance stopped) count too, so an item that kills its instance is not retried forever.
        var maxAttempts = options.Get(definition.Name).MaxAttempts;
        if (attempt > maxAttempts)
        {
            return await GiveUpAsync(key, new JobFailure(maxAttempts, null));
        }

        try
        {
            await job.RunAsync(new JobAttempt(connection, key, attempt), ct);
            return JobRunResult.Completed;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogAttemptFailed(logger, definition.Name, key, attempt, e);
            return attempt < maxAttempts ? JobRunResult.AttemptFailed : await GiveUpAsync(key, new JobFailure(maxAttempts, e));
        }
    }

    private async Task<JobRunResult> GiveUpAsync(string key, JobFailure failure)
    {
        // Not cancelled with the host: an item that has used up its attempts is recorded as such.
        await job.FailAsync(key, failure, CancellationToken.None);
        LogGaveUp(logger, definition.Name, key, failure.Attempts);
        return JobRunResult.GaveUp;
    }

    private async Task<object?> ExecuteLockAsync(NpgsqlConnection connection, string sql, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("lock_space", definition.LockSpace);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} {Key} failed (attempt {Attempt}); nothing of it was committed")]
    private static partial void LogAttemptFailed(ILogger logger, string job, string key, int attempt, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} {Key} marked Failed after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, string job, string key, int attempts);
}
