using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// The <c>_error</c> queues of this service's receive endpoints and how many messages wait in
/// each: a message there was refused for good and stays until a person moves it back
/// (<c>move-errors</c>, see README.md). The counts are published as the gauge
/// <c>pijar.messaging.error_queue.messages</c> (tag <c>queue</c>) on the <c>PijarSemar.Messaging</c>
/// meter, refreshed in the background, and by the <c>error-queues</c> health check.
/// </summary>
public sealed partial class ErrorQueues : BackgroundService
{
    public const string MeterName = "PijarSemar.Messaging";
    public const string GaugeName = "pijar.messaging.error_queue.messages";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Uri _broker;
    private readonly ILogger<ErrorQueues> _logger;

    public ErrorQueues(Uri broker, IMeterFactory meters, ILogger<ErrorQueues> logger)
    {
        _broker = broker;
        _logger = logger;
        meters.Create(MeterName).CreateObservableGauge(
            GaugeName,
            () => _counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key))),
            unit: "{message}",
            description: "Messages in each _error queue of this service, waiting for a person.");
    }

    /// <summary>Called as each receive endpoint is configured; its error queue counts 0 until first read.</summary>
    internal void AddEndpoint(string queue) => _counts.TryAdd(queue + "_error", 0);

    public IReadOnlyDictionary<string, long> LastCounts => _counts;

    /// <summary>Reads every error queue's depth from the broker; a queue not created yet holds nothing.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RefreshAsync(CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = _broker, ClientProvidedName = "error-queue-depth", RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        foreach (var queue in _counts.Keys.Order(StringComparer.Ordinal))
        {
            _counts[queue] = await MessageCountAsync(connection, queue, ct);
        }

        return new Dictionary<string, long>(_counts, StringComparer.Ordinal);
    }

    /// <summary>A passive declare reports the depth without creating anything; a missing queue closes the channel with 404.</summary>
    public static async Task<long> MessageCountAsync(IConnection connection, string queue, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return 0;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The broker is away: the gauge keeps the last counts, the broker check reports the outage.
                LogUnavailable(_logger, e);
            }

            try
            {
                await Task.Delay(RefreshInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The depth of the _error queues could not be read")]
    private static partial void LogUnavailable(ILogger logger, Exception error);
}

/// <summary>Degraded while any of this service's <c>_error</c> queues holds a message; the data names each queue's count.</summary>
internal sealed class ErrorQueuesHealthCheck(ErrorQueues errorQueues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        IReadOnlyDictionary<string, long> counts;
        try
        {
            counts = await errorQueues.RefreshAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The _error queues cannot be counted: the broker does not answer.", e);
        }

        var data = counts.ToDictionary(c => c.Key, c => (object)c.Value);
        var waiting = counts.Values.Sum();
        return waiting == 0
            ? HealthCheckResult.Healthy("No message waits in an _error queue.", data)
            : HealthCheckResult.Degraded($"{waiting} message(s) wait in _error queues; see src/ServiceDefaults/Messaging/README.md.", data: data);
    }
}
