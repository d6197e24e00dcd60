extern alias BillingApi;
extern alias ClaimsApi;
extern alias FundingApi;
extern alias RegistryApi;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Registry;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.ServiceDefaults.Time;
using PijarSemar.TestSupport;
using RabbitMQ.Client;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>
/// The four services on a broker of their own, which the test stops and brings back; Registry and
/// Billing listen on real ports so Funding and Claims reach them through their typed clients.
/// A queue stands in for the BPJS integration job, the consumer of Billing's invoices.
/// </summary>
public sealed class FourServicesOnTheirOwnBroker : IAsyncLifetime
{
    /// <summary>What the BPJS integration job would bind to receive ContributionInvoiceIssued.</summary>
    public const string BpjsQueue = "bpjs-contribution-invoice-issued";

    public RabbitMqServer Broker { get; private set; } = null!;

    public FaultTestService<RegistryApi::Program> Registry { get; private set; } = null!;

    public FaultTestService<FundingApi::Program> Funding { get; private set; } = null!;

    public FaultTestService<BillingApi::Program> Billing { get; private set; } = null!;

    public FaultTestService<ClaimsApi::Program> Claims { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Broker = await TestServers.StartPrivateRabbitMqAsync();
        await BindBpjsQueueAsync();
        Registry = new("registry", Broker.ConnectionString, listens: true);
        Billing = new("billing", Broker.ConnectionString, listens: true);
        await Task.WhenAll(Registry.InitializeAsync(), Billing.InitializeAsync());
        var neighbours = new Dictionary<string, string?>
        {
            ["services:registry:http:0"] = Registry.Address,
            ["services:billing:http:0"] = Billing.Address,
        };
        Funding = new("funding", Broker.ConnectionString, settings: neighbours);
        Claims = new("claims", Broker.ConnectionString, settings: neighbours);
        await Task.WhenAll(Funding.InitializeAsync(), Claims.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync(), Billing.DisposeAsync(), Claims.DisposeAsync());
        }
        finally
        {
            await Broker.DisposeAsync();
        }
    }

    /// <summary>Every _error queue of the four services, each with the number of messages it holds.</summary>
    public async Task<Dictionary<string, long>> ErrorQueueDepthsAsync()
    {
        var depths = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var services in new[] { Registry.Factory.Services, Funding.Factory.Services, Billing.Factory.Services, Claims.Factory.Services })
        {
            foreach (var (queue, count) in await services.GetRequiredService<ErrorQueues>().RefreshAsync(CancellationToken.None))
            {
                depths[queue] = count;
            }
        }

        return depths;
    }

    private async Task BindBpjsQueueAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(Broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        // The exchange as MassTransit declares it for the message type: fanout, durable.
        var exchange = $"{typeof(ContributionInvoiceIssued).Namespace}:{nameof(ContributionInvoiceIssued)}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(BpjsQueue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(BpjsQueue, exchange, routingKey: string.Empty);
    }
}

/// <summary>
/// RabbitMQ goes away in the middle of the program's work (registrations, verifications, a
/// deactivation, allocations, an allocation ended and a billing run) and comes back. The services
/// keep serving throughout; afterwards every read model equals its source row for row, and every
/// event was delivered exactly once to each consumer: no event lost, none applied twice.
/// </summary>
public sealed class BrokerRestartTests(FourServicesOnTheirOwnBroker stack) : IClassFixture<FourServicesOnTheirOwnBroker>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task After_the_broker_is_stopped_mid_program_and_restarted_every_read_model_equals_its_source_and_each_event_was_applied_once()
    {
        var month = Period.FromDate(SemarangTime.Today(TimeProvider.System));
        var registry = stack.Registry.ClientAs(Roles.Operator);
        var funding = stack.Funding.ClientAs(Roles.Operator);

        // Before the outage: four verified workers Funding knows, two of them funded and known to Billing.
        var known = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            known.Add(await VerifyAsync(registry, await RegisterAsync(registry)));
        }

        await Eventually.ReturnsAsync(
            async () => await stack.Funding.ScalarAsync<long>("SELECT count(*) FROM registry_workers WHERE registry_status = 'Verified'") == 4 ? "" : null,
            Patience, "the four verified workers to reach Funding");
        var source = await CreateSourceAsync(funding, month);
        var funded = new List<AllocationResponse> { await AllocateAsync(funding, known[0], source, month), await AllocateAsync(funding, known[1], source, month) };
        await Eventually.ReturnsAsync(
            async () => await stack.Billing.ScalarAsync<long>("SELECT count(*) FROM funded_allocations") == 2 ? "" : null,
            Patience, "the two allocations to reach Billing");

        // The broker stops while registrations are under way, and they go on while it is down.
        var newcomers = new List<Guid> { await RegisterAsync(registry), await RegisterAsync(registry) };
        var stopping = stack.Broker.StopAsync(keepData: true);
        for (var i = 0; i < 4; i++)
        {
            newcomers.Add(await RegisterAsync(registry));
        }

        await stopping.WaitAsync(Patience);
        var unheardOf = await VerifyAsync(registry, await RegisterAsync(registry));
        newcomers.Add(unheardOf);
        await VerifyAsync(registry, newcomers[0]);
        (await registry.PostAsJsonAsync($"/api/v1/workers/{known[0]}/deactivation",
            new DeactivationRequest("MovedAway", SemarangTime.Today(TimeProvider.System), "Moved to Kendal"))).EnsureSuccessStatusCode();

        // Allocations go on: a worker Funding knows as verified, and one registered and verified since the broker
        // stopped, whom Funding has not heard of and asks the registry about.
        funded.Add(await AllocateAsync(funding, known[2], source, month));
        funded.Add(await AllocateAsync(funding, unheardOf, source, month));
        // Withdrawn before its first month: an end must come before the current one, the fiscal year's last month.
        var ended = await funding.PostAsJsonAsync($"/api/v1/allocations/{funded[1].Id}/end", new EndAllocationRequest(month.Previous(), "Allocated in error"));
        Assert.True(ended.IsSuccessStatusCode, $"{(int)ended.StatusCode} {await ended.Content.ReadAsStringAsync()}");

        // Billing bills what it knows: the two allocations that reached it before the outage.
        var run = await BillAsync(month);
        Assert.Equal(2, run.GetProperty("lineCount").GetInt32());
        Assert.True(await UnpublishedAsync() > 0, "the events of the outage should wait in the outboxes");

        await stack.Broker.RestartAsync();

        await Eventually.ReturnsAsync(async () => await UnpublishedAsync() == 0 ? "" : null, Patience, "every outbox to drain");
        await Eventually.ReturnsAsync(
            async () => await ReadModelsDifferAsync() is null ? "" : null,
            Patience, "every read model to catch up with its source");

        // Rows: each read model holds exactly its source's rows, in the same state and version.
        Assert.Equal(await Rows(stack.Registry, "id, status, coalesce(occupation_code, ''), kecamatan, p3ke_listed, version", "workers"),
            await Rows(stack.Funding, "worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, version", "registry_workers"));
        Assert.Equal(await Rows(stack.Registry, "id, status, kecamatan, version", "workers"),
            await Rows(stack.Claims, "worker_id, status, kecamatan, version", "claim_workers"));
        Assert.Equal(await Rows(stack.Funding, "id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month, version", "allocations"),
            await Rows(stack.Billing, "allocation_id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month, version", "funded_allocations"));
        Assert.Equal(11L, await stack.Registry.ScalarAsync<long>("SELECT count(*) FROM workers"));
        Assert.Equal(4L, await stack.Billing.ScalarAsync<long>("SELECT count(*) FROM funded_allocations"));

        // Events: each consumer recorded every event of its source once, and no other.
        var registryEvents = await Rows(stack.Registry, "id", "outbox_messages");
        Assert.Equal(11 + 6 + 1, registryEvents.Split('\n').Length);
        Assert.Equal(registryEvents, await Rows(stack.Funding, "message_id", "inbox_messages"));
        Assert.Equal(registryEvents, await Rows(stack.Claims, "message_id", "inbox_messages"));
        Assert.Equal(
            await Rows(stack.Funding, "id", "outbox_messages", $"message_type IN ('{OutboxMessageTypes.NameOf(typeof(FundingAllocated))}', '{OutboxMessageTypes.NameOf(typeof(FundingEnded))}')"),
            await Rows(stack.Billing, "message_id", "inbox_messages"));
        var invoices = await Rows(stack.Billing, "id", "outbox_messages", $"message_type = '{OutboxMessageTypes.NameOf(typeof(ContributionInvoiceIssued))}'");
        Assert.Equal(await stack.Billing.ScalarAsync<long>("SELECT count(*) FROM invoices"), invoices.Split('\n').Length);
        var delivered = (await Deliveries.TakeAllAsync(stack.Broker.ConnectionString, FourServicesOnTheirOwnBroker.BpjsQueue)).Select(m => m.MessageId.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(invoices, string.Join('\n', delivered));
        Assert.All(await stack.ErrorQueueDepthsAsync(), queue => Assert.Equal(0L, queue.Value));
    }

    private async Task<string?> ReadModelsDifferAsync()
    {
        var pairs = new (Task<string> Source, Task<string> ReadModel, string Name)[]
        {
            (Rows(stack.Registry, "id, status, version", "workers"), Rows(stack.Funding, "worker_id, registry_status, version", "registry_workers"), "Funding's workers"),
            (Rows(stack.Registry, "id, status, version", "workers"), Rows(stack.Claims, "worker_id, status, version", "claim_workers"), "Claims' workers"),
            (Rows(stack.Funding, "id, end_month, version", "allocations"), Rows(stack.Billing, "allocation_id, end_month, version", "funded_allocations"), "Billing's allocations"),
        };
        foreach (var (source, readModel, name) in pairs)
        {
            if (await source != await readModel)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Outbox rows not yet published, over the four services.</summary>
    private async Task<long> UnpublishedAsync()
    {
        const string Sql = "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL";
        var counts = await Task.WhenAll(
            stack.Registry.ScalarAsync<long>(Sql), stack.Funding.ScalarAsync<long>(Sql), stack.Billing.ScalarAsync<long>(Sql), stack.Claims.ScalarAsync<long>(Sql));
        return counts.Sum();
    }

    /// <summary>The rows of <paramref name="table"/> as text, one line each, ordered by their first column.</summary>
    private static Task<string> Rows<T>(ServiceFixture<T> service, string columns, string table, string where = "true")
        where T : class =>
        service.ScalarAsync<string>(
            $"SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') FROM (SELECT concat_ws('|', {columns}) AS line FROM {table} WHERE {where}) rows");

    private static async Task<Guid> RegisterAsync(HttpClient registry)
    {
        var response = await registry.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkerResponse>())!.Id;
    }

    private static async Task<Guid> VerifyAsync(HttpClient registry, Guid workerId)
    {
        (await registry.PostAsJsonAsync($"/api/v1/workers/{workerId}/verification", new VerificationRequest(true, "KTP checked"))).EnsureSuccessStatusCode();
        return workerId;
    }

    private static async Task<Guid> CreateSourceAsync(HttpClient funding, Period month)
    {
        var response = await funding.PostAsJsonAsync("/api/v1/funding-sources", new CreateFundingSourceRequest(
            ("APBD-OUTAGE-" + Guid.NewGuid().ToString("N")[..8]).ToUpperInvariant(), "APBD Kota Semarang", "Apbd", month.Year, 20, new Rupiah(100_000_000)));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<FundingSourceResponse>())!.Id;
    }

    private static async Task<AllocationResponse> AllocateAsync(HttpClient funding, Guid workerId, Guid sourceId, Period month)
    {
        var response = await funding.PostAsJsonAsync("/api/v1/allocations", new CreateAllocationRequest(workerId, sourceId, null, month, null));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AllocationResponse>())!;
    }

    private async Task<JsonElement> BillAsync(Period month)
    {
        var finance = stack.Billing.ClientAs(Roles.Finance);
        var run = await (await finance.PostAsJsonAsync("/api/v1/billing-runs", new { period = month.ToString() })).Content.ReadFromJsonAsync<JsonElement>();
        var runId = run.GetProperty("id").GetGuid();
        var completed = await Eventually.ReturnsAsync(
            async () => await finance.GetStringAsync(new Uri($"/api/v1/billing-runs/{runId}", UriKind.Relative)) is var body
                && JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() == "Completed" ? body : null,
            Patience, "the billing run to complete while the broker is down");
        return JsonDocument.Parse(completed).RootElement.Clone();
    }
}
