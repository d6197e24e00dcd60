using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>How long inbox rows are kept and how they are deleted (<c>Inbox</c>).</summary>
public sealed class InboxOptions : IValidatableObject
{
    /// <summary>A redelivery older than this is not expected: brokers redeliver within hours, a person moving errors back within days.</summary>
    public TimeSpan Keep { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so a large backlog never holds long locks or one huge transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Keep <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Must be positive.", [nameof(Keep)]);
        }

        if (CleanupInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Must be positive.", [nameof(CleanupInterval)]);
        }
    }
}

/// <summary>Deletes inbox rows older than <see cref="InboxOptions.Keep"/>, a batch at a time, every <see cref="InboxOptions.CleanupInterval"/>.</summary>
public sealed partial class InboxCleanup(NpgsqlDataSource dataSource, IOptions<InboxOptions> options, ILogger<InboxCleanup> logger)
    : BackgroundService
{
    private readonly InboxOptions _options = options.Value;

    /// <returns>How many rows were deleted.</returns>
    public async Task<long> DeleteExpiredAsync(CancellationToken ct)
    {
        long deleted = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand("""
                DELETE FROM inbox_messages
                WHERE (message_id, consumer) IN (
                    SELECT message_id, consumer FROM inbox_messages
                    WHERE processed_at < now() - @keep
                    ORDER BY processed_at
                    LIMIT @batch)
                """);
            command.Parameters.AddWithValue("keep", _options.Keep);
            command.Parameters.AddWithValue("batch", _options.BatchSize);
            var batch = await command.ExecuteNonQueryAsync(ct);
            deleted += batch;
            if (batch < _options.BatchSize)
            {
                return deleted;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.CleanupInterval, stoppingToken);
                var deleted = await DeleteExpiredAsync(stoppingToken);
                LogDeleted(logger, deleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away; the rows wait for the next round.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired inbox rows")]
    private static partial void LogDeleted(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expired inbox rows could not be deleted; trying again later")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
