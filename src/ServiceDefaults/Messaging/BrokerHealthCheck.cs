using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Is the broker reachable? MassTransit's own check only looks at receive endpoints, so a service
/// that only publishes would otherwise stay "ready" through a broker outage.
/// </summary>
internal sealed class BrokerHealthCheck(Uri broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(broker.Host, broker.IsDefaultPort || broker.Port < 0 ? 5672 : broker.Port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The message broker cannot be reached.", e);
        }
    }
}
