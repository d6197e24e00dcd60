using System.Net.Sockets;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Publishes what transactions left in <c>outbox_messages</c>, at least once. Each round leases
/// a batch in one short statement, publishes it outside any transaction (many sends awaiting
/// their confirms at once), then records the outcome in another short transaction. Several
/// replicas share the work, and a replica that dies frees its rows when their lease runs out.
/// Rows are not published in any particular order: a consumer compares the aggregate version
/// an event carries, never its arrival.
/// </summary>
internal sealed partial class OutboxDispatcher(
    OutboxLeases leases,
    OutboxCleanup cleanup,
    IBus bus,
    OutboxSignal signal,
    OutboxTelemetry telemetry,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;

    /// <summary>Tells this dispatcher's leases apart from another replica's.</summary>
    private readonly Guid _owner = Guid.NewGuid();

    private DateTimeOffset _nextCleanup = DateTimeOffset.MinValue;
    private int _brokerFailures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (claimed, brokerAway) = await DispatchBatchAsync(stoppingToken);
                if (brokerAway)
                {
                    await Task.Delay(BrokerBackoff(), stoppingToken);
                    continue;
                }

                if (claimed == _options.BatchSize)
                {
                    continue;
                }

                await DeletePublishedIfDueAsync(stoppingToken);
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is unreachable: wait and retry rather than end the loop.
                LogDatabaseUnavailable(logger, e);
                try
                {
                    await Task.Delay(_options.PollInterval * 5, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One lease, publish and record round; says how many rows it took and whether the broker was away.</summary>
    internal async Task<(int Claimed, bool BrokerAway)> DispatchBatchAsync(CancellationToken stoppingToken)
    {
        var batch = await leases.ClaimAsync(_owner, _options.BatchSize, _options.LeaseDuration, stoppingToken);
        if (batch.Count == 0)
        {
            return (0, false);
        }

        var outcomes = new Outcome[batch.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.PublishConcurrency },
            async (i, _) => outcomes[i] = await PublishAsync(batch[i], stoppingToken));

        var brokerAway = outcomes.Any(o => o.Kind == OutcomeKind.BrokerAway);
        _brokerFailures = brokerAway ? _brokerFailures + 1 : 0;
        var published = new List<Guid>(batch.Count);
        var failed = new List<FailedMessage>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (message, outcome) = (batch[i], outcomes[i]);
            if (outcome.Kind == OutcomeKind.Published)
            {
                published.Add(message.Id);
            }
            else
            {
                failed.Add(Reschedule(message, outcome));
            }
        }

        // Recorded even while stopping: what the broker confirmed must not be sent again by the next replica.
        using var recording = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await leases.CompleteAsync(_owner, published, failed, recording.Token);
        telemetry.Published(published.Count);
        telemetry.Failed(failed.Count(f => !f.Dead));
        if (brokerAway)
        {
            var first = outcomes.First(o => o.Kind == OutcomeKind.BrokerAway);
            LogBrokerAway(logger, outcomes.Count(o => o.Kind == OutcomeKind.BrokerAway), BrokerBackoff().TotalSeconds, first.Error!);
        }

        return (batch.Count, brokerAway);
    }

    private async Task<Outcome> PublishAsync(LeasedMessage message, CancellationToken stoppingToken)
    {
        if (!OutboxMessageTypes.TryResolve(message.MessageType, out var type))
        {
            return new Outcome(OutcomeKind.Permanent, new InvalidOperationException(
                $"{message.MessageType} is not an integration event of PijarSemar.Contracts.Events."));
        }

        object payload;
        try
        {
            payload = JsonSerializer.Deserialize(message.Payload, type, JsonSerializerOptions.Web)
                ?? throw new JsonException("The payload is JSON null.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            return new Outcome(OutcomeKind.Permanent, e);
        }

        using var activity = OutboxTelemetry.StartPublish(message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.PublishTimeout);
        try
        {
            // Mandatory: an event no queue is bound for comes back (basic.return) instead of being dropped.
            await bus.Publish(payload, type, Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = message.Id;
                context.Mandatory = true;
            }), timeout.Token);
            return new Outcome(OutcomeKind.Published, null);
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested)
        {
            return new Outcome(OutcomeKind.Stopped, e);
        }
        catch (MessageReturnedException e)
        {
            return new Outcome(OutcomeKind.Failed, e);
        }
        catch (Exception e) when (IsBrokerAway(e))
        {
            return new Outcome(OutcomeKind.BrokerAway, e);
        }
        catch (Exception e)
        {
            return new Outcome(OutcomeKind.Failed, e);
        }
    }

    /// <summary>
    /// What to write back for a row that was not sent. Only failures of the row itself count
    /// towards <c>MaxAttempts</c>: a broker outage of any length only delays rows, it never kills them.
    /// </summary>
    private FailedMessage Reschedule(LeasedMessage message, Outcome outcome)
    {
        var error = outcome.Error is null ? null : $"{outcome.Error.GetType().Name}: {outcome.Error.Message}";
        switch (outcome.Kind)
        {
            case OutcomeKind.Stopped:
                // Back to the pool at once for another replica; the last real error stays.
                return new FailedMessage(message.Id, message.Attempts, TimeSpan.Zero, null, Dead: false);
            case OutcomeKind.BrokerAway:
                return new FailedMessage(message.Id, message.Attempts, BrokerBackoff(), error, Dead: false);
            case OutcomeKind.Permanent:
                LogDead(logger, message.MessageType, message.Id, message.Attempts + 1, outcome.Error!);
                telemetry.DeadLettered(message.MessageType);
                return new FailedMessage(message.Id, message.Attempts + 1, TimeSpan.Zero, error, Dead: true);
            default:
                var attempts = message.Attempts + 1;
                if (attempts >= _options.MaxAttempts)
                {
                    LogDead(logger, message.MessageType, message.Id, attempts, outcome.Error!);
                    telemetry.DeadLettered(message.MessageType);
                    return new FailedMessage(message.Id, attempts, TimeSpan.Zero, error, Dead: true);
                }

                LogPublishFailed(logger, message.MessageType, message.Id, attempts, _options.MaxAttempts, outcome.Error!);
                return new FailedMessage(message.Id, attempts, Backoff(attempts), error, Dead: false);
        }
    }

    /// <summary>1 s, 2 s, 4 s … capped at <c>MaxBackoff</c>.</summary>
    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Max(0, failures - 1)), _options.MaxBackoff.TotalSeconds));

    private TimeSpan BrokerBackoff() => Backoff(Math.Max(1, _brokerFailures));

    /// <summary>The broker (or the way to it) failed, not the message: connection lost, refused, or no confirm in time.</summary>
    private static bool IsBrokerAway(Exception e) =>
        e is OperationCanceledException or TimeoutException or MassTransit.ConnectionException
            or RabbitMQClientException or OperationInterruptedException or SocketException or IOException
        || (e.InnerException is { } inner && IsBrokerAway(inner));

    private async Task DeletePublishedIfDueAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() < _nextCleanup)
        {
            return;
        }

        _nextCleanup = clock.GetUtcNow() + _options.CleanupInterval;
        var (deleted, statements) = await cleanup.DeletePublishedAsync(_options.KeepPublished, _options.CleanupBatchSize, ct);
        if (deleted > 0)
        {
            LogCleanedUp(logger, deleted, statements);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {MessageType} {MessageId} failed (attempt {Attempt} of {MaxAttempts}); it stays in the outbox and will be retried")]
    private static partial void LogPublishFailed(ILogger logger, string messageType, Guid messageId, int attempt, int maxAttempts, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message {MessageType} {MessageId} is dead after {Attempts} attempts and will not be sent again; it is kept with its error for a person")]
    private static partial void LogDead(ILogger logger, string messageType, Guid messageId, int attempts, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker is unavailable: {Count} events stay in the outbox; next try in {BackoffSeconds} s")]
    private static partial void LogBrokerAway(ILogger logger, int count, double backoffSeconds, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox could not be read or updated; retrying")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Deleted} published outbox rows in {Statements} statements")]
    private static partial void LogCleanedUp(ILogger logger, long deleted, int statements);

    private enum OutcomeKind
    {
        Published,

        /// <summary>The broker refused or returned this message: counts towards MaxAttempts.</summary>
        Failed,

        /// <summary>It can never be sent as stored (unknown type, unreadable payload): dead at once.</summary>
        Permanent,

        BrokerAway,
        Stopped,
    }

    private readonly record struct Outcome(OutcomeKind Kind, Exception? Error);
}
