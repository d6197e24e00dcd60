using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Can the broker be reached? MassTransit's own check only looks at receive endpoints, so a
/// service that only publishes would otherwise look healthy through a broker outage. Tagged
/// <c>messaging</c>: it is reported, never gating readiness.
/// </summary>
internal sealed class BrokerHealthCheck(Uri broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var port = PortOf(broker);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(broker.Host, port, timeout.Token);
            return HealthCheckResult.Healthy($"{broker.Host}:{port} accepts connections.");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The message broker at {broker.Host}:{port} cannot be reached.", e);
        }
    }

    /// <summary>The URI's port, or AMQP's default for its scheme: 5671 over TLS (<c>amqps</c>), 5672 otherwise.</summary>
    internal static int PortOf(Uri broker) =>
        broker.Port > 0 && !broker.IsDefaultPort ? broker.Port
        : string.Equals(broker.Scheme, "amqps", StringComparison.OrdinalIgnoreCase) ? 5671
        : 5672;
}
