extern alias BillingApi;
extern alias RegistryApi;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests;

/// <summary>
/// Funding with the real Billing and Registry beside it, each on a database of its own, reached
/// in memory through the typed clients. Billing and the registry have no broker (their events
/// stay in their outboxes), so all Funding learns of them comes over HTTP.
/// </summary>
public sealed class NeighbourServicesFixture : IAsyncLifetime
{
    private const string NoBroker = "amqp://guest:guest@127.0.0.1:9/";

    private readonly List<string> _databases = [];
    private ServiceFactory<BillingApi::Program>? _billing;
    private ServiceFactory<RegistryApi::Program>? _registry;
    private WebApplicationFactory<Program>? _funding;

    public string FundingDatabase { get; private set; } = "";
    public string BillingDatabase { get; private set; } = "";

    public HttpClient Registry(string role) => _registry!.ClientAs(role);

    public HttpClient Funding(string role)
    {
        var client = _funding!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For($"test-{role}", role));
        return client;
    }

    public async Task InitializeAsync()
    {
        BillingDatabase = await DatabaseAsync("billing", typeof(BillingApi::Program).Assembly);
        _billing = new ServiceFactory<BillingApi::Program>(Settings("billing", BillingDatabase, NoBroker));
        _registry = new ServiceFactory<RegistryApi::Program>(Settings("registry", await DatabaseAsync("registry", typeof(RegistryApi::Program).Assembly), NoBroker));

        // Starting the hosts applies their migrations before they answer.
        _billing.CreateClient().Dispose();
        _registry.CreateClient().Dispose();

        // Billing's own migration has Rp16,800 from 2025-01; a dearer tariff from July 2029 is there before Funding first reads.
        await ExecuteAsync(BillingDatabase, "INSERT INTO tariffs (effective_from, income_base, jkk_rate, jkm_amount) VALUES ('2029-07', 1000000, 0.02, 6800)");

        FundingDatabase = await DatabaseAsync("funding", typeof(Program).Assembly);
        var settings = Settings("funding", FundingDatabase, await TestServers.RabbitMqAsync());
        settings["services:billing:http:0"] = "http://billing/";
        settings["services:registry:http:0"] = "http://registry/";
        settings["Outbox:PollInterval"] = "00:00:00.200";

        // Each request lacking a tariff reads Billing at once, so the tests need not wait out the spacing.
        settings["Funding:Tariffs:OnDemandMinInterval"] = "00:00:00";
        _funding = new ServiceFactory<Program>(settings).WithWebHostBuilder(host => host.ConfigureTestServices(services =>
        {
            services.AddHttpClient<IBillingClient, BillingClient>()
                .ConfigurePrimaryHttpMessageHandler(() => _billing.Server.CreateHandler());
            services.AddHttpClient<IRegistryClient, RegistryClient>()
                .ConfigurePrimaryHttpMessageHandler(() => _registry.Server.CreateHandler());
        }));
        using var client = _funding.CreateClient();
        await Eventually.ReturnsAsync(
            async () => (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode ? "ready" : null,
            TimeSpan.FromSeconds(60), "Funding to be ready");

        // Its first read of Billing runs beside the start; the tests begin once it is done, so each sees the copy it expects.
        await Eventually.ReturnsAsync(
            async () => await CountAsync(FundingDatabase, "SELECT count(*) FROM tariffs") >= 2 ? "copied" : null,
            TimeSpan.FromSeconds(60), "Funding's first copy of Billing's tariffs");
    }

    public static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        foreach (var factory in new IAsyncDisposable?[] { _funding, _registry, _billing })
        {
            if (factory is not null)
            {
                await factory.DisposeAsync();
            }
        }

        foreach (var database in _databases)
        {
            await TestDatabases.DropAsync(database);
        }
    }

    private async Task<string> DatabaseAsync(string service, System.Reflection.Assembly assembly)
    {
        var database = await TestDatabases.CreateAsync(service, assembly);
        _databases.Add(database);
        return database;
    }

    private static Dictionary<string, string?> Settings(string service, string database, string broker) => new()
    {
        [$"ConnectionStrings:{service}"] = database,
        ["ConnectionStrings:rabbitmq"] = broker,
        ["Auth:SigningKey"] = TestTokens.SigningKey,
        ["Messaging:EndpointPrefix"] = new NpgsqlConnectionStringBuilder(database).Database,
    };
}

public sealed class NeighbourServicesTests(NeighbourServicesFixture services) : IClassFixture<NeighbourServicesFixture>
{
    private readonly HttpClient _funding = services.Funding(Roles.Operator);

    [Fact]
    public async Task Funding_copies_Billings_tariffs_when_it_starts()
    {
        Assert.Equal(16_800L, await NeighbourServicesFixture.CountAsync(services.FundingDatabase, "SELECT monthly_contribution FROM tariffs WHERE effective_from = '2025-01-01'"));
        Assert.Equal(26_800L, await NeighbourServicesFixture.CountAsync(services.FundingDatabase, "SELECT monthly_contribution FROM tariffs WHERE effective_from = '2029-07-01'"));
    }

    [Fact]
    public async Task Funding_prices_each_month_at_the_tariff_Billing_has_in_force_then()
    {
        var source = await CreateSourceAsync(2029);
        var worker = await VerifiedInRegistryAsync();

        var allocated = await _funding.PostAsJsonAsync("/api/v1/allocations", new { workerId = worker, fundingSourceId = source.Id, startPeriod = "2029-01" });
        var shown = await _funding.GetFromJsonAsync<FundingSourceResponse>($"/api/v1/funding-sources/{source.Id}");

        Assert.Equal(HttpStatusCode.Created, allocated.StatusCode);
        Assert.Equal((6 * 16_800L) + (6 * 26_800L), shown!.ProjectedCost!.Value.Amount);
    }

    [Fact]
    public async Task A_month_Funding_has_no_tariff_for_is_read_from_Billing_at_once_and_one_Billing_lacks_too_is_a_422()
    {
        var worker = await VerifiedInRegistryAsync();
        await NeighbourServicesFixture.ExecuteAsync(services.BillingDatabase,
            "INSERT INTO tariffs (effective_from, income_base, jkk_rate, jkm_amount) VALUES ('2024-01', 1000000, 0.01, 6800) ON CONFLICT DO NOTHING");

        var in2024 = await _funding.PostAsJsonAsync("/api/v1/allocations", new { workerId = worker, fundingSourceId = (await CreateSourceAsync(2024)).Id, startPeriod = "2024-03" });
        var in2023 = await _funding.PostAsJsonAsync("/api/v1/allocations", new { workerId = worker, fundingSourceId = (await CreateSourceAsync(2023)).Id, startPeriod = "2023-03" });

        Assert.Equal(HttpStatusCode.Created, in2024.StatusCode);
        Assert.Equal("No tariff in force.", (await in2023.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
        Assert.Equal(1L, await NeighbourServicesFixture.CountAsync(services.FundingDatabase, "SELECT count(*) FROM tariffs WHERE effective_from = '2024-01-01'"));
    }

    [Fact]
    public async Task A_worker_Funding_has_not_heard_of_is_asked_of_the_registry_and_a_verified_answer_is_kept()
    {
        var worker = await VerifiedInRegistryAsync();
        Assert.Equal(0L, await NeighbourServicesFixture.CountAsync(services.FundingDatabase, $"SELECT count(*) FROM registry_workers WHERE worker_id = '{worker}'"));

        var allocated = await _funding.PostAsJsonAsync("/api/v1/allocations", new { workerId = worker, fundingSourceId = (await CreateSourceAsync(2030)).Id, startPeriod = "2030-01" });

        Assert.Equal(HttpStatusCode.Created, allocated.StatusCode);
        Assert.Equal(1L, await NeighbourServicesFixture.CountAsync(services.FundingDatabase,
            $"SELECT count(*) FROM registry_workers WHERE worker_id = '{worker}' AND registry_status = 'Verified' AND version = 0"));
    }

    [Fact]
    public async Task A_worker_the_registry_has_not_verified_is_a_422_and_one_it_does_not_know_is_a_404()
    {
        var registered = await RegisteredInRegistryAsync();
        var source = await CreateSourceAsync(2030);

        var unverified = await _funding.PostAsJsonAsync("/api/v1/allocations", new { workerId = registered, fundingSourceId = source.Id, startPeriod = "2030-01" });
        var unknown = await _funding.PostAsJsonAsync("/api/v1/allocations", new { workerId = Guid.NewGuid(), fundingSourceId = source.Id, startPeriod = "2030-01" });

        Assert.Equal("Worker cannot be funded.", (await unverified.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Title());
        Assert.Equal("Worker not found.", (await unknown.ProblemAsync(HttpStatusCode.NotFound)).Title());
        Assert.Equal(0L, await NeighbourServicesFixture.CountAsync(services.FundingDatabase, $"SELECT count(*) FROM registry_workers WHERE worker_id = '{registered}'"));
    }

    private async Task<FundingSourceResponse> CreateSourceAsync(int fiscalYear)
    {
        var response = await _funding.PostAsJsonAsync("/api/v1/funding-sources", new
        {
            code = "N-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), name = "Neighbour test", type = "Apbd", fiscalYear, quota = 10, budget = 100_000_000L,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FundingSourceResponse>())!;
    }

    private async Task<Guid> RegisteredInRegistryAsync()
    {
        var response = await services.Registry(Roles.Operator).PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<WorkerResponse>())!.Id;
    }

    private async Task<Guid> VerifiedInRegistryAsync()
    {
        var id = await RegisteredInRegistryAsync();
        var verified = await services.Registry(Roles.Operator).PostAsJsonAsync($"/api/v1/workers/{id}/verification", new VerificationRequest(true, null));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return id;
    }
}
