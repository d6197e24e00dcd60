using System.Globalization;
using Npgsql;
using PijarSemar.ServiceDefaults.Jobs;

namespace PijarSemar.Funding.AllocationRuns;

/// <summary>
/// Queued runs as background job items: the runner takes them oldest first, one at a time, each
/// under its lock, and resumes a run a stopped instance left Running (its attempt committed nothing).
/// An item's key is the run id; its status is the run's.
/// </summary>
public sealed class AllocationRunJob(NpgsqlDataSource dataSource, AllocationRunWork work, TimeProvider clock) : IBackgroundJob
{
    public const string Name = "allocation-runs";

    /// <summary>No other job of Funding uses this lock space.</summary>
    public const int LockSpace = 3374_0201;

    public async Task<IReadOnlyList<string>> FindPendingAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(AllocationRunSql.Pending);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(KeyOf(reader.GetGuid(0)));
        }

        return keys;
    }

    public async Task<int?> StartAttemptAsync(NpgsqlConnection connection, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(AllocationRunSql.Claim, connection);
        command.Parameters.AddWithValue("run_id", Guid.Parse(key));
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is int attempt ? attempt : null;
    }

    public async Task RunAsync(JobAttempt attempt, CancellationToken ct)
    {
        try
        {
            await work.RunAsync(attempt.Connection, Guid.Parse(attempt.Key), ct);
        }
        catch (AllocationRunRefusedException refused)
        {
            // The attempt rolled back; say why on another connection so the operator sees it while it is retried.
            await NoteAsync(AllocationRunSql.NoteError, attempt.Key, refused.Message, ct);
            throw;
        }
    }

    /// <summary>The reason shown to operators quotes no PostgreSQL message: those may quote a row.</summary>
    public Task FailAsync(string key, JobFailure failure, CancellationToken ct) => NoteAsync(
        AllocationRunSql.Fail,
        key,
        failure.LastError switch
        {
            AllocationRunRefusedException refused => refused.Message,
            null => $"Stopped after {failure.Attempts} attempts; see the service log for allocation run {key}.",
            _ => $"Failed {failure.Attempts} times; see the service log for allocation run {key}.",
        },
        ct);

    /// <summary>The text PostgreSQL writes for the uuid, so a lock taken as <c>hashtext(id::text)</c> is the same lock.</summary>
    public static string KeyOf(Guid runId) => runId.ToString("D", CultureInfo.InvariantCulture);

    private async Task NoteAsync(string sql, string key, string reason, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("run_id", Guid.Parse(key));
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(ct);
    }
}
