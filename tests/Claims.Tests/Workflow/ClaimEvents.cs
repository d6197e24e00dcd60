using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.TestSupport;

namespace PijarSemar.Claims.Tests.Workflow;

/// <summary>
/// A queue of the test's own on the test broker, bound to the workflow's events: what Registry and
/// a reporting job would receive. Other test classes' events arrive too; filter by claim.
/// </summary>
public sealed class ClaimEvents : IAsyncDisposable
{
    private readonly ConcurrentQueue<object> _arrived = new();
    private readonly HostReceiveEndpointHandle _handle;

    private ClaimEvents(IBus bus)
    {
        _handle = ((IReceiveConnector)bus).ConnectReceiveEndpoint($"claims-tests-{Guid.NewGuid():N}", endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
                rabbit.Durable = false;
            }

            endpoint.Handler<ClaimStatusChanged>(context => Record(context.Message));
            endpoint.Handler<WorkerDeathConfirmed>(context => Record(context.Message));
        });
    }

    public static async Task<ClaimEvents> ListenAsync(IServiceProvider services)
    {
        var events = new ClaimEvents(services.GetRequiredService<IBus>());
        await events._handle.Ready;
        return events;
    }

    /// <summary>The events about <paramref name="claimId"/> once <paramref name="count"/> have arrived, and after a moment for any extra one.</summary>
    public async Task<List<object>> ForClaimAsync(Guid claimId, int count)
    {
        await Eventually.ReturnsAsync(
            () => Task.FromResult(About(claimId).Count >= count ? "arrived" : null),
            TimeSpan.FromSeconds(20),
            $"{count} events about claim {claimId}");
        await Task.Delay(TimeSpan.FromSeconds(1));
        return About(claimId);
    }

    public async ValueTask DisposeAsync() => await _handle.StopAsync();

    private List<object> About(Guid claimId) => [.. _arrived.Where(e => e switch
    {
        ClaimStatusChanged changed => changed.ClaimId == claimId,
        WorkerDeathConfirmed death => death.ClaimId == claimId,
        _ => false,
    })];

    private Task Record(object message)
    {
        _arrived.Enqueue(message);
        return Task.CompletedTask;
    }
}
