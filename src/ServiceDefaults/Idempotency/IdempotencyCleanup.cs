using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.ServiceDefaults.Idempotency;

/// <summary>Deletes keys past their retention, a batch at a time, every <see cref="IdempotencyOptions.CleanupInterval"/>.</summary>
internal sealed partial class IdempotencyCleanup(
    IServiceProvider services, IOptions<IdempotencyOptions> options, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A host without a database of its own has no keys to forget.
        if (services.GetService<NpgsqlDataSource>() is null)
        {
            return;
        }

        var store = services.GetRequiredService<IdempotencyStore>();
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                int deleted;
                var total = 0;
                do
                {
                    deleted = await store.DeleteExpiredBatchAsync(stoppingToken);
                    total += deleted;
                }
                while (deleted == options.Value.CleanupBatchSize);

                if (total > 0)
                {
                    LogDeleted(logger, total);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                // The next round tries again; the table may not exist yet while migrations run.
                LogFailed(logger, DatabaseErrors.Describe(e));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency keys")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired idempotency keys failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
