using Microsoft.Extensions.Options;
using Npgsql;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Processes stored imports one at a time, oldest first: those uploaded here (woken at once),
/// those uploaded to another replica, and those a stopped instance left Queued or Running, whose
/// previous attempt committed nothing. Each import is held by a lock, so replicas never run one twice.
/// </summary>
internal sealed partial class WorkerImportRunner(
    NpgsqlDataSource dataSource,
    WorkerImportProcessor processor,
    WorkerImportSignal signal,
    IOptions<WorkerImportOptions> options,
    ILogger<WorkerImportRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pollInterval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                switch (await ProcessNextAsync(stoppingToken))
                {
                    case ProcessResult.Completed or ProcessResult.GaveUp:
                        continue;
                    case ProcessResult.AttemptFailed:
                        // Whatever failed (the database, most likely) gets a moment before the next attempt.
                        await Task.Delay(pollInterval, stoppingToken);
                        break;
                    default:
                        await signal.WaitAsync(pollInterval, stoppingToken);
                        break;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogUnavailable(logger, e);
                await Task.Delay(pollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Runs the oldest pending import that no other runner holds; <see cref="ProcessResult.NotPending"/> when there is none.</summary>
    private async Task<ProcessResult> ProcessNextAsync(CancellationToken ct)
    {
        foreach (var importId in await PendingAsync(ct))
        {
            var result = await processor.TryProcessAsync(importId, ct);
            if (result is not (ProcessResult.Busy or ProcessResult.NotPending))
            {
                return result;
            }
        }

        return ProcessResult.NotPending;
    }

    private async Task<List<Guid>> PendingAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(WorkerImportSql.Pending);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pending worker imports could not be read; retrying")]
    private static partial void LogUnavailable(ILogger logger, Exception error);
}
