extern alias BillingApi;
extern alias FundingApi;

using MassTransit;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Events;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>Funding and Billing as they run, on the shared broker and server, each on its own database and queues.</summary>
public sealed class FundingAndBilling : IAsyncLifetime
{
    public FaultTestService<FundingApi::Program> Funding { get; } = new("funding", broker: null);

    public FaultTestService<BillingApi::Program> Billing { get; } = new("billing", broker: null);

    public Task InitializeAsync() => Task.WhenAll(Funding.InitializeAsync(), Billing.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(Funding.DisposeAsync(), Billing.DisposeAsync());
}

/// <summary>
/// A message delivered twice (the broker redelivering after a lost ack, an outbox row published
/// again after a crash) takes effect once in the real consumers. Every consumer here also ignores
/// an event whose version is not newer, which would hide a broken inbox; so the last copy carries
/// the same MessageId with facts and a version that would change the row if it were applied.
/// </summary>
public sealed class DuplicateDeliveryTests(FundingAndBilling services) : IClassFixture<FundingAndBilling>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Funding_applies_a_worker_registration_delivered_three_times_under_one_message_id_once()
    {
        using var deliveries = new Deliveries(services.Funding.Factory.Services);
        var queue = deliveries.Queue("-worker-registered");
        var messageId = NewId.NextGuid();
        var registered = new WorkerRegistered(Guid.NewGuid(), "tukang-becak", "Semarang Tengah", false, DateTimeOffset.UtcNow, 1);

        await deliveries.SendAsync(queue, registered, messageId);
        await deliveries.FinishedAsync(messageId, 1, Patience);
        await deliveries.SendAsync(queue, registered, messageId);
        await deliveries.SendAsync(queue, registered with { Kecamatan = "Genuk", P3keListed = true, Version = 2 }, messageId);

        Assert.All(await deliveries.FinishedAsync(messageId, 3, Patience), Assert.Null);
        Assert.Equal(
            "1 Registered tukang-becak Semarang Tengah false 1",
            await services.Funding.ScalarAsync<string>(
                """
                SELECT count(*) OVER () || ' ' || registry_status || ' ' || occupation_code || ' ' || kecamatan || ' ' || p3ke_listed || ' ' || version
                FROM registry_workers WHERE worker_id = @id
                """,
                ("id", registered.WorkerId)));
        Assert.Equal(1L, await InboxRowsAsync(services.Funding, messageId));
        Assert.Equal(0L, await Deliveries.DepthAsync(await TestServers.RabbitMqAsync(), queue + "_error"));
    }

    [Fact]
    public async Task Billing_applies_a_funding_allocation_delivered_three_times_under_one_message_id_once()
    {
        using var deliveries = new Deliveries(services.Billing.Factory.Services);
        var queue = deliveries.Queue("-funding-allocated");
        var messageId = NewId.NextGuid();
        var start = new Period(2026, 1);
        var allocated = new FundingAllocated(
            Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Apbd", null, start, new Period(2026, 12), 2026, 1, DateTimeOffset.UtcNow);

        await deliveries.SendAsync(queue, allocated, messageId);
        await deliveries.FinishedAsync(messageId, 1, Patience);
        await deliveries.SendAsync(queue, allocated, messageId);
        await deliveries.SendAsync(queue, allocated with { EndPeriod = new Period(2026, 3), Version = 2 }, messageId);

        Assert.All(await deliveries.FinishedAsync(messageId, 3, Patience), Assert.Null);
        Assert.Equal(
            "1 2026-01-01 2026-12-01 1",
            await services.Billing.ScalarAsync<string>(
                "SELECT count(*) OVER () || ' ' || start_month || ' ' || end_month || ' ' || version FROM funded_allocations WHERE allocation_id = @id",
                ("id", allocated.AllocationId)));
        Assert.Equal(1L, await InboxRowsAsync(services.Billing, messageId));
        Assert.Equal(0L, await Deliveries.DepthAsync(await TestServers.RabbitMqAsync(), queue + "_error"));
    }

    private static Task<long> InboxRowsAsync<T>(ServiceFixture<T> service, Guid messageId)
        where T : class =>
        service.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", messageId));
}
