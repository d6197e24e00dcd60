using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.TestSupport;

namespace PijarSemar.Funding.Tests;

/// <summary>
/// A queue of the test's own on the test broker, bound to Funding's events, recording them in the
/// order they arrive: what Billing would see. Other test classes' events arrive too; filter by id.
/// </summary>
public sealed class PublishedEvents : IAsyncDisposable
{
    private readonly ConcurrentQueue<object> _arrived = new();
    private readonly HostReceiveEndpointHandle _handle;

    private PublishedEvents(IBus bus)
    {
        _handle = ((IReceiveConnector)bus).ConnectReceiveEndpoint($"funding-tests-{Guid.NewGuid():N}", endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
                rabbit.Durable = false;
            }

            endpoint.Handler<FundingAllocated>(context => Record(context.Message));
            endpoint.Handler<FundingEnded>(context => Record(context.Message));
        });
    }

    public static async Task<PublishedEvents> ListenAsync(IServiceProvider services)
    {
        var events = new PublishedEvents(services.GetRequiredService<IBus>());
        await events._handle.Ready;
        return events;
    }

    public IReadOnlyList<object> Arrived => [.. _arrived];

    /// <summary>
    /// The events about <paramref name="allocationId"/> once <paramref name="count"/> have arrived,
    /// in version order: the order consumers apply them in. Arrival order is not promised: the
    /// outbox publishes a batch of rows concurrently, so two changes a moment apart can swap.
    /// </summary>
    public Task<List<object>> ForAllocationAsync(Guid allocationId, int count) => Eventually.ReturnsAsync(
        () => Task.FromResult(Arrived.Where(e => AllocationOf(e) == allocationId).OrderBy(VersionOf).ToList() is { } found && found.Count >= count ? found : null),
        TimeSpan.FromSeconds(20),
        $"{count} events about allocation {allocationId}");

    public async ValueTask DisposeAsync() => await _handle.StopAsync();

    private static Guid AllocationOf(object e) => e switch
    {
        FundingAllocated a => a.AllocationId,
        FundingEnded ended => ended.AllocationId,
        _ => Guid.Empty,
    };

    private static long VersionOf(object e) => e switch
    {
        FundingAllocated a => a.Version,
        FundingEnded ended => ended.Version,
        _ => 0,
    };

    private Task Record(object message)
    {
        _arrived.Enqueue(message);
        return Task.CompletedTask;
    }
}
