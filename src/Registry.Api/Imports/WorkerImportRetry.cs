using Npgsql;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Jobs;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// An operator's retry of a Failed import, once the cause (a database problem, a bug since fixed)
/// is gone: the import is queued again with its attempts counted afresh, audited, and the runner
/// woken. Only a Failed import whose file is still kept can be retried.
/// </summary>
public sealed partial class WorkerImportRetry(
    NpgsqlDataSource dataSource, WorkerImportQueries queries, JobSignal<WorkerImportJob> signal, SemarangCalendar calendar,
    ILogger<WorkerImportRetry> logger)
{
    public async Task RetryAsync(Guid importId, string actor, CancellationToken ct)
    {
        await using (var command = dataSource.CreateCommand(WorkerImportSql.Retry))
        {
            command.Parameters.AddWithValue("import_id", importId);
            command.Parameters.AddWithValue("actor", actor);
            command.Parameters.AddWithValue("now", calendar.Now);
            if (await command.ExecuteNonQueryAsync(ct) == 1)
            {
                signal.Notify();
                LogRetried(logger, importId);
                return;
            }
        }

        var import = await queries.FindAsync(importId, ct) ?? throw new NotFoundException("Import not found.", $"No worker import has id {importId}.");
        throw import.Status != WorkerImportStatus.Failed
            ? new ConflictException("Only a failed import can be retried.", $"Import {importId} is {import.Status}.")
            : new ConflictException(
                "The file of this import is no longer kept.",
                $"Import {importId} is older than the retention period and its file was deleted; upload the file again.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker import {ImportId} queued again by an operator")]
    private static partial void LogRetried(ILogger logger, Guid importId);
}
