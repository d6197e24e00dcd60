using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);
    public int BatchSize { get; set; } = 200;
    public TimeSpan KeepPublished { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Publishes what transactions left in <c>outbox_messages</c>. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> so several replicas share the work without sending a row twice;
/// a failed send is retried with a capped backoff forever, so no event is ever stranded.
/// Every send has a timeout because publisher confirms can hang after a broker restart.
/// </summary>
internal sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await DispatchBatchAsync(stoppingToken);
                if (sent == _options.BatchSize)
                {
                    continue;
                }

                await DeletePublishedAsync(stoppingToken);
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable or the host is shutting down: wait and retry rather than end the loop.
                LogDatabaseUnavailable(logger, e);
                await Task.Delay(_options.PollInterval * 5, stoppingToken);
            }
        }
    }

    /// <summary>Sends one batch in order; stops at the first failure so later events do not overtake it.</summary>
    private async Task<int> DispatchBatchAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        await using var transaction = await connection.BeginTransactionAsync(stoppingToken);
        var batch = await ClaimAsync(connection, transaction, stoppingToken);
        var published = new List<Guid>(batch.Count);
        foreach (var message in batch)
        {
            try
            {
                await PublishAsync(message, stoppingToken);
                published.Add(message.Id);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPublishFailed(logger, message.MessageType, message.Id, message.Attempts + 1, e);
                await MarkFailedAsync(connection, transaction, message, e, stoppingToken);
                break;
            }
        }

        await MarkPublishedAsync(connection, transaction, published, stoppingToken);
        await transaction.CommitAsync(stoppingToken);
        return published.Count;
    }

    private async Task<List<PendingMessage>> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id, message_type, payload::text, attempts
            FROM outbox_messages
            WHERE published_at IS NULL AND next_attempt_at <= now()
            ORDER BY position
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """, connection, transaction);
        command.Parameters.AddWithValue("limit", _options.BatchSize);
        var batch = new List<PendingMessage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            batch.Add(new PendingMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return batch;
    }

    private async Task PublishAsync(PendingMessage message, CancellationToken stoppingToken)
    {
        var type = Type.GetType(message.MessageType, throwOnError: true)!;
        var payload = JsonSerializer.Deserialize(message.Payload, type, JsonSerializerOptions.Web)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(payload, type, Pipe.Execute<PublishContext>(context => context.MessageId = message.Id), timeout.Token);
    }

    private static async Task MarkPublishedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "UPDATE outbox_messages SET published_at = now(), last_error = NULL WHERE id = ANY(@ids)", connection, transaction);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task MarkFailedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PendingMessage message, Exception error, CancellationToken ct)
    {
        // 1 s, 2 s, 4 s … capped, so a long broker outage is retried at a steady pace once it is over.
        var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, message.Attempts), _options.MaxBackoff.TotalSeconds));
        await using var command = new NpgsqlCommand("""
            UPDATE outbox_messages
            SET attempts = attempts + 1, next_attempt_at = now() + @backoff, last_error = @error
            WHERE id = @id
            """, connection, transaction);
        command.Parameters.AddWithValue("backoff", backoff);
        command.Parameters.AddWithValue("error", $"{error.GetType().Name}: {error.Message}");
        command.Parameters.AddWithValue("id", message.Id);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task DeletePublishedAsync(CancellationToken ct)
    {
        if (DateTimeOffset.UtcNow < _nextCleanup)
        {
            return;
        }

        _nextCleanup = DateTimeOffset.UtcNow.AddHours(1);
        await using var command = dataSource.CreateCommand(
            "DELETE FROM outbox_messages WHERE published_at < now() - @keep");
        command.Parameters.AddWithValue("keep", _options.KeepPublished);
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {MessageType} {MessageId} failed (attempt {Attempt}); it stays in the outbox and will be retried")]
    private static partial void LogPublishFailed(ILogger logger, string messageType, Guid messageId, int attempt, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read; retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception error);

    private sealed record PendingMessage(Guid Id, string MessageType, string Payload, int Attempts);
}
