using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Deletes uploaded files once they are past <see cref="WorkerImportOptions.FileRetention"/>:
/// the import, its counts and its rejections stay, and the values of its rejected rows are copied
/// out of the file first, so the rejected-rows download keeps working. Also deletes the pieces of
/// uploads that never became an import (the instance stopped mid-upload). Safe with replicas: an
/// import is handled under its row lock, skipped by any other sweep holding it.
/// </summary>
public sealed partial class WorkerImportRetention(
    NpgsqlDataSource dataSource, IOptions<WorkerImportOptions> options, SemarangCalendar calendar, ILogger<WorkerImportRetention> logger)
{
    private const string DueImports = """
        SELECT id FROM worker_imports
        WHERE status IN ('Completed', 'Failed') AND file_deleted_at IS NULL AND created_at < @retained_after
        ORDER BY seq
        LIMIT 100
        """;

    private const string LockImport = """
        SELECT 1 FROM worker_imports
        WHERE id = @id AND status IN ('Completed', 'Failed') AND file_deleted_at IS NULL
        FOR UPDATE SKIP LOCKED
        """;

    private const string RejectedRowNumbers = "SELECT DISTINCT row_no FROM worker_import_rejections WHERE import_id = @id ORDER BY row_no";

    private const string DeleteFile = """
        DELETE FROM worker_import_file_chunks WHERE import_id = @id;
        UPDATE worker_imports SET file_deleted_at = @now, file_header = @header, file_separator = @separator WHERE id = @id;
        """;

    private const string DeleteAbandonedUploads = """
        DELETE FROM worker_import_file_chunks c
        WHERE c.stored_at < @abandoned_before
          AND NOT EXISTS (SELECT FROM worker_imports i WHERE i.id = c.import_id)
        """;

    /// <summary>One sweep; returns how many files of imports were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = calendar.Now;
        await using (var abandoned = dataSource.CreateCommand(DeleteAbandonedUploads))
        {
            abandoned.Parameters.AddWithValue("abandoned_before", now - options.Value.AbandonedUploadAfter);
            if (await abandoned.ExecuteNonQueryAsync(ct) is var pieces and > 0)
            {
                LogAbandoned(logger, pieces);
            }
        }

        var deleted = 0;
        List<Guid> due;
        do
        {
            due = await DueAsync(now - options.Value.FileRetention, ct);
            foreach (var importId in due)
            {
                deleted += await DeleteFileAsync(importId, now, ct) ? 1 : 0;
            }
        }
        while (due.Count == 100);

        return deleted;
    }

    private async Task<List<Guid>> DueAsync(DateTimeOffset retainedAfter, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(DueImports);
        command.Parameters.AddWithValue("retained_after", retainedAfter);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Copies the rejected rows' values out of the file, then deletes it, in one transaction.</summary>
    private async Task<bool> DeleteFileAsync(Guid importId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockImport = Command(connection, LockImport, importId))
        {
            if (await lockImport.ExecuteScalarAsync(ct) is null)
            {
                return false;
            }
        }

        var rows = new List<int>();
        await using (var rowNumbers = Command(connection, RejectedRowNumbers, importId))
        await using (var reader = await rowNumbers.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(reader.GetInt32(0));
            }
        }

        IReadOnlyList<string>? header;
        char separator;
        await using (var file = await FileRows.OpenAsync(dataSource, importId, ct))
        {
            (header, separator) = (file.Header, file.Separator);
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY worker_import_rejected_rows (import_id, row_no, fields) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                var fields = await file.RowAsync(row, ct);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(importId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(row, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(fields.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        await using (var delete = Command(connection, DeleteFile, importId))
        {
            delete.Parameters.AddWithValue("now", now);
            delete.Parameters.AddWithValue("header", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)header?.ToArray() ?? DBNull.Value);
            delete.Parameters.AddWithValue("separator", separator.ToString());
            await delete.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        LogFileDeleted(logger, importId, rows.Count);
        return true;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, Guid importId)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", importId);
        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted the file of worker import {ImportId} after its retention; kept its {RejectedRows} rejected rows")]
    private static partial void LogFileDeleted(ILogger logger, Guid importId, int rejectedRows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Pieces} pieces of uploads that never became an import")]
    private static partial void LogAbandoned(ILogger logger, int pieces);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep of worker import files failed: {Error}")]
    internal static partial void LogSweepFailed(ILogger logger, string error);
}

/// <summary>Runs <see cref="WorkerImportRetention"/> every <see cref="WorkerImportOptions.RetentionSweepInterval"/>.</summary>
internal sealed class WorkerImportRetentionService(
    WorkerImportRetention retention, IOptions<WorkerImportOptions> options, ILogger<WorkerImportRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await retention.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                // The next round tries again; the tables may not exist yet while migrations run.
                WorkerImportRetention.LogSweepFailed(logger, DatabaseErrors.Describe(e));
            }
        }
    }
}
