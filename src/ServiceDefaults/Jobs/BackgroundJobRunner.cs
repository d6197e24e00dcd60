using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.Jobs;

/// <summary>
/// Runs a job's items one at a time, oldest first: those queued here (woken at once by the
/// signal), those queued on another replica (found by polling), and those a stopped instance left
/// Queued or Running. Each item is held by a lock, so replicas never run one twice.
/// </summary>
internal sealed partial class BackgroundJobRunner<TJob>(
    TJob job,
    BackgroundJobExecutor<TJob> executor,
    JobSignal<TJob> signal,
    BackgroundJobDefinition<TJob> definition,
    IOptionsMonitor<BackgroundJobOptions> options,
    ILogger<BackgroundJobRunner<TJob>> logger) : BackgroundService
    where TJob : IBackgroundJob
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pollInterval = options.Get(definition.Name).PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                switch (await RunNextAsync(stoppingToken))
                {
                    case JobRunResult.Completed or JobRunResult.GaveUp:
                        continue;
                    case JobRunResult.AttemptFailed:
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
                LogUnavailable(logger, definition.Name, e);
                try
                {
                    await Task.Delay(pollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Runs the oldest pending item that no other runner holds; <see cref="JobRunResult.NotPending"/> when there is none.</summary>
    private async Task<JobRunResult> RunNextAsync(CancellationToken ct)
    {
        foreach (var key in await job.FindPendingAsync(ct))
        {
            var result = await executor.TryRunAsync(key, ct);
            if (result is not (JobRunResult.Busy or JobRunResult.NotPending))
            {
                return result;
            }
        }

        return JobRunResult.NotPending;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Pending {Job} items could not be read; retrying")]
    private static partial void LogUnavailable(ILogger logger, string job, Exception error);
}
