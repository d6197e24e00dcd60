using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Jobs;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Stored imports as background job items: the runner takes them oldest first, one at a time, each
/// under its lock, and resumes those a stopped instance left Queued or Running (whose previous
/// attempt committed nothing). An item's key is the import id; its status is the import's.
/// </summary>
public sealed class WorkerImportJob(
    NpgsqlDataSource dataSource, WorkerImportProcessor processor, SemarangCalendar calendar, IOptions<WorkerImportOptions> options)
    : IBackgroundJob
{
    public const string Name = "worker-imports";

    public async Task<IReadOnlyList<string>> FindPendingAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(WorkerImportSql.Pending);
        command.Parameters.AddWithValue("now", calendar.Now);
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
        await using var command = new NpgsqlCommand(WorkerImportSql.Claim, connection);
        command.Parameters.AddWithValue("import_id", Guid.Parse(key));
        command.Parameters.AddWithValue("now", calendar.Now);
        command.Parameters.AddWithValue("retry_delay", options.Value.PollInterval);
        return await command.ExecuteScalarAsync(ct) is int attempt ? attempt : null;
    }

    public Task RunAsync(JobAttempt attempt, CancellationToken ct) =>
        processor.RunAsync(attempt.Connection, Guid.Parse(attempt.Key), attempt.Number, ct);

    /// <summary>The reason shown to operators names no error: PostgreSQL's messages may quote a row's personal data.</summary>
    public async Task FailAsync(string key, JobFailure failure, CancellationToken ct)
    {
        var reason = failure.LastError is null
            ? $"Stopped after {failure.Attempts} attempts; see the service log for import {key}."
            : $"Failed {failure.Attempts} times; see the service log for import {key}.";
        await using var command = dataSource.CreateCommand(WorkerImportSql.Fail);
        command.Parameters.AddWithValue("import_id", Guid.Parse(key));
        command.Parameters.AddWithValue("failure", reason);
        command.Parameters.AddWithValue("now", calendar.Now);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The text PostgreSQL writes for the uuid, so a lock taken as <c>hashtext(id::text)</c> is the same lock.</summary>
    public static string KeyOf(Guid importId) => importId.ToString("D", CultureInfo.InvariantCulture);
}
