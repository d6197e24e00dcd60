extern alias BillingApi;
extern alias RegistryApi;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Time;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>Registry and Billing as they run, on the shared broker and server, each on its own database and queues.</summary>
public sealed class RegistryAndBilling : IAsyncLifetime
{
    public FaultTestService<RegistryApi::Program> Registry { get; } = new("registry", broker: null);

    public FaultTestService<BillingApi::Program> Billing { get; } = new("billing", broker: null);

    public Task InitializeAsync() => Task.WhenAll(Registry.InitializeAsync(), Billing.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(Registry.DisposeAsync(), Billing.DisposeAsync());
}

/// <summary>
/// A message its consumer refuses for good is tried once, parked in the endpoint's <c>_error</c>
/// queue with the reason, and reported at <c>/health/messaging</c>, while the messages around it
/// are applied: one bad event never stops a service's stream.
/// </summary>
public sealed class PoisonMessageTests(RegistryAndBilling services) : IClassFixture<RegistryAndBilling>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_death_dated_in_the_future_goes_to_error_untried_again_while_the_deaths_before_and_after_it_deactivate_their_workers()
    {
        var today = SemarangTime.Today(TimeProvider.System);
        var workers = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            workers.Add(await VerifiedWorkerAsync());
        }

        using var deliveries = new Deliveries(services.Registry.Factory.Services);
        var queue = deliveries.Queue("-worker-death-confirmed");
        var deaths = workers.Select(w => (MessageId: NewId.NextGuid(), Death: new WorkerDeathConfirmed(w, today, Guid.NewGuid()))).ToList();
        var poison = deaths[1] with { Death = deaths[1].Death with { DateOfDeath = today.AddDays(30) } };
        deaths[1] = poison;
        foreach (var (messageId, death) in deaths)
        {
            await deliveries.SendAsync(queue, death, messageId);
        }

        foreach (var (messageId, _) in deaths)
        {
            await deliveries.FinishedAsync(messageId, 1, Patience);
        }

        var broker = await TestServers.RabbitMqAsync();
        await Eventually.ReturnsAsync(
            async () => await Deliveries.DepthAsync(broker, queue + "_error") > 0 ? "parked" : null, Patience, "the future death to reach _error");
        var health = await services.Registry.AnonymousClient().GetAsync("/health/messaging");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var checks = (await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        Assert.Equal("Degraded", checks.GetProperty("error-queues").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("broker").GetProperty("status").GetString());

        var parked = Assert.Single(await Deliveries.TakeAllAsync(broker, queue + "_error"));
        Assert.Equal(poison.MessageId, parked.MessageId);
        Assert.Contains("ImplausibleDeathDateException", parked.Headers["MT-Fault-ExceptionType"], StringComparison.Ordinal);

        // Tried once (refused for good, not retried), and nothing of it kept: the worker is unchanged, no inbox row.
        Assert.Single(await deliveries.FinishedAsync(poison.MessageId, 1, Patience), f => f is not null);
        Assert.Equal("Verified 0", await WorkerAsync(poison.Death.WorkerId, poison.MessageId));
        foreach (var (messageId, death) in deaths.Where(d => d != poison))
        {
            Assert.Equal("Deactivated Deceased 1", await WorkerAsync(death.WorkerId, messageId));
        }
    }

    [Fact]
    public async Task A_funding_allocation_Billing_cannot_store_goes_to_error_while_the_allocations_around_it_are_kept()
    {
        using var deliveries = new Deliveries(services.Billing.Factory.Services);
        var queue = deliveries.Queue("-funding-allocated");
        var allocations = Enumerable.Range(0, 4)
            .Select(_ => (MessageId: NewId.NextGuid(), Allocated: new FundingAllocated(
                Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Apbd", null, new Period(2026, 1), new Period(2026, 12), 2026, 1, DateTimeOffset.UtcNow)))
            .ToList();

        // A source type Billing does not know: its table refuses the row, and would each time.
        var poison = allocations[2] with { Allocated = allocations[2].Allocated with { SourceType = "Zakat" } };
        allocations[2] = poison;
        foreach (var (messageId, allocated) in allocations)
        {
            await deliveries.SendAsync(queue, allocated, messageId);
        }

        foreach (var (messageId, _) in allocations)
        {
            await deliveries.FinishedAsync(messageId, 1, Patience);
        }

        var broker = await TestServers.RabbitMqAsync();
        await Eventually.ReturnsAsync(
            async () => await Deliveries.DepthAsync(broker, queue + "_error") > 0 ? "parked" : null, Patience, "the allocation to reach _error");
        var parked = Assert.Single(await Deliveries.TakeAllAsync(broker, queue + "_error"));
        Assert.Equal(poison.MessageId, parked.MessageId);
        Assert.Contains("PostgresException", parked.Headers["MT-Fault-ExceptionType"], StringComparison.Ordinal);
        Assert.Single(await deliveries.FinishedAsync(poison.MessageId, 1, Patience), f => f is not null);

        var ids = allocations.Select(a => a.Allocated.AllocationId).ToArray();
        Assert.Equal(
            allocations.Where(a => a != poison).Select(a => a.Allocated.AllocationId).Order().ToArray(),
            await AllocationsInBillingAsync(ids));
        Assert.Equal(0L, await services.Billing.ScalarAsync<long>(
            "SELECT count(*) FROM inbox_messages WHERE message_id = @id", ("id", poison.MessageId)));
    }

    private async Task<Guid> VerifiedWorkerAsync()
    {
        var registry = services.Registry.ClientAs(Roles.Operator);
        var worker = await new RegistryClient(registry).RegisterWorkerAsync(WorkerSamples.Valid());
        (await registry.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/verification", new VerificationRequest(true, "KTP checked"))).EnsureSuccessStatusCode();
        return worker.Id;
    }

    /// <summary>"status reason inbox-rows" of the worker in the registry, as one string to compare.</summary>
    private Task<string> WorkerAsync(Guid workerId, Guid messageId) => services.Registry.ScalarAsync<string>(
        """
        SELECT concat_ws(' ', status, status_reason, (SELECT count(*) FROM inbox_messages WHERE message_id = @m))
        FROM workers WHERE id = @w
        """,
        ("w", workerId), ("m", messageId));

    private async Task<Guid[]> AllocationsInBillingAsync(Guid[] ids)
    {
        var found = new List<Guid>();
        foreach (var id in ids)
        {
            if (await services.Billing.ScalarAsync<long>("SELECT count(*) FROM funded_allocations WHERE allocation_id = @id", ("id", id)) == 1)
            {
                found.Add(id);
            }
        }

        return [.. found.Order()];
    }
}
