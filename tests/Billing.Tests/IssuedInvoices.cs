using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts.Events;
using PijarSemar.TestSupport;

namespace PijarSemar.Billing.Tests;

/// <summary>
/// A queue of the test's own on the test broker, bound to ContributionInvoiceIssued: what a BPJS
/// integration job would receive. Other test classes' events arrive too; filter by run.
/// </summary>
public sealed class IssuedInvoices : IAsyncDisposable
{
    private readonly ConcurrentQueue<ContributionInvoiceIssued> _arrived = new();
    private readonly HostReceiveEndpointHandle _handle;

    private IssuedInvoices(IBus bus)
    {
        _handle = ((IReceiveConnector)bus).ConnectReceiveEndpoint($"billing-tests-{Guid.NewGuid():N}", endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
                rabbit.Durable = false;
            }

            endpoint.Handler<ContributionInvoiceIssued>(context =>
            {
                _arrived.Enqueue(context.Message);
                return Task.CompletedTask;
            });
        });
    }

    public static async Task<IssuedInvoices> ListenAsync(IServiceProvider services)
    {
        var events = new IssuedInvoices(services.GetRequiredService<IBus>());
        await events._handle.Ready;
        return events;
    }

    /// <summary>The events of <paramref name="runId"/> once <paramref name="count"/> have arrived, and after a moment for any extra one.</summary>
    public async Task<List<ContributionInvoiceIssued>> ForRunAsync(Guid runId, int count)
    {
        await Eventually.ReturnsAsync(
            () => Task.FromResult(_arrived.Count(e => e.RunId == runId) >= count ? "arrived" : null),
            TimeSpan.FromSeconds(20),
            $"{count} invoice events of run {runId}");
        await Task.Delay(TimeSpan.FromSeconds(1));
        return [.. _arrived.Where(e => e.RunId == runId)];
    }

    public async ValueTask DisposeAsync() => await _handle.StopAsync();
}
