using Npgsql;
using PijarSemar.ServiceDefaults.Jobs;

namespace PijarSemar.ServiceDefaults.Tests.Jobs;

/// <summary>
/// A job whose items live in <c>test_jobs</c>, as a service's would. Every attempt that starts
/// its work is recorded in <c>test_job_runs</c> (committed at once, whatever the attempt then
/// does), so a test can count how often an item really ran, and on which runner.
/// </summary>
public sealed class TestJob(NpgsqlDataSource dataSource, TestRunner runner) : IBackgroundJob
{
    public const string Schema = """
        CREATE TABLE test_jobs (
            key      text PRIMARY KEY,
            seq      bigint GENERATED ALWAYS AS IDENTITY,
            status   text    NOT NULL DEFAULT 'Queued',
            attempts integer NOT NULL DEFAULT 0,
            failure  text
        );
        CREATE TABLE test_job_runs (key text NOT NULL, runner text NOT NULL, attempt integer NOT NULL);
        """;

    /// <summary>Items whose key starts with this fail on every attempt.</summary>
    public const string FailingPrefix = "failing-";

    public async Task<IReadOnlyList<string>> FindPendingAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT key FROM test_jobs WHERE status IN ('Queued', 'Running') ORDER BY seq LIMIT 20");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async Task<int?> StartAttemptAsync(NpgsqlConnection connection, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE test_jobs SET status = 'Running', attempts = attempts + 1
            WHERE key = @key AND status IN ('Queued', 'Running')
            RETURNING attempts
            """, connection);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(ct) is int attempt ? attempt : null;
    }

    public async Task RunAsync(JobAttempt attempt, CancellationToken ct)
    {
        await using (var record = new NpgsqlCommand("INSERT INTO test_job_runs (key, runner, attempt) VALUES (@key, @runner, @attempt)", attempt.Connection))
        {
            record.Parameters.AddWithValue("key", attempt.Key);
            record.Parameters.AddWithValue("runner", runner.Name);
            record.Parameters.AddWithValue("attempt", attempt.Number);
            await record.ExecuteNonQueryAsync(ct);
        }

        // Long enough for a second runner to find the same item while this one works on it.
        await Task.Delay(TimeSpan.FromMilliseconds(150), ct);
        if (attempt.Key.StartsWith(FailingPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The ledger is closed for the night.");
        }

        await using var transaction = await attempt.Connection.BeginTransactionAsync(ct);
        await using var complete = new NpgsqlCommand("UPDATE test_jobs SET status = 'Completed' WHERE key = @key", attempt.Connection, transaction);
        complete.Parameters.AddWithValue("key", attempt.Key);
        await complete.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task FailAsync(string key, JobFailure failure, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE test_jobs SET status = 'Failed', failure = @failure WHERE key = @key");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("failure", failure.LastError?.Message ?? $"interrupted {failure.Attempts} times");
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Which of the racing instances a runner is.</summary>
public sealed record TestRunner(string Name);
