using Npgsql;

namespace PijarSemar.ServiceDefaults.Jobs;

/// <summary>
/// A kind of background work whose items (an import, a billing run, a day's lapse check) live in
/// the service's own table, with a status (<see cref="JobStatus"/>) and an attempt count. The
/// runner finds them, takes each under an advisory lock, counts and limits its attempts, and
/// resumes what a stopped instance left; the job says only how its items are stored and done.
/// </summary>
/// <remarks>A key identifies an item and is logged: use its id, never personal data.</remarks>
public interface IBackgroundJob
{
    /// <summary>Keys of items still Queued or Running (an instance stopped mid-run), oldest first, a few at a time.</summary>
    Task<IReadOnlyList<string>> FindPendingAsync(CancellationToken ct);

    /// <summary>
    /// Marks the item Running and counts this attempt, on the connection that holds its lock, and
    /// returns the attempt's number (1 for the first); null when the item is no longer Queued or
    /// Running, because another runner finished it meanwhile.
    /// </summary>
    Task<int?> StartAttemptAsync(NpgsqlConnection connection, string key, CancellationToken ct);

    /// <summary>
    /// Does the work of one attempt and commits it together with the item's Completed status. An
    /// exception means this attempt committed nothing: the runner tries again until the maximum.
    /// </summary>
    Task RunAsync(JobAttempt attempt, CancellationToken ct);

    /// <summary>Marks the item Failed once its attempts are used up; <see cref="JobFailure.LastError"/> says what happened.</summary>
    Task FailAsync(string key, JobFailure failure, CancellationToken ct);
}

/// <summary>One attempt at an item, on the connection that holds the item's lock (run the work's transaction on it).</summary>
public sealed record JobAttempt(NpgsqlConnection Connection, string Key, int Number);

/// <summary>
/// Why an item is given up: <paramref name="LastError"/> is the exception of its last attempt, or
/// null when the attempts were interrupted (the instance stopped) rather than failed.
/// </summary>
public sealed record JobFailure(int Attempts, Exception? LastError);

/// <summary>The statuses a job's items go through; a job's table stores their names.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>What became of one try at an item.</summary>
public enum JobRunResult
{
    /// <summary>Done and committed.</summary>
    Completed,

    /// <summary>This attempt failed and rolled back; the item stays Running and is tried again.</summary>
    AttemptFailed,

    /// <summary>Failed (or was interrupted) too often and is now Failed.</summary>
    GaveUp,

    /// <summary>Another runner holds the item.</summary>
    Busy,

    /// <summary>No longer Queued or Running.</summary>
    NotPending,
}
