extern alias BillingApi;
extern alias RegistryApi;

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Registry;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Claims.Tests.Filing;

/// <summary>
/// Claims with the real Billing and Registry beside it, each on a database of its own, reached in
/// memory through the typed clients over a <see cref="NetworkLine"/> the tests can cut. Claims uses
/// the shared test broker; Billing and the registry have none (their events stay in their outboxes),
/// so all Claims learns of them comes over HTTP or from events a test publishes.
/// </summary>
public abstract class ClaimsWithNeighbours : IAsyncLifetime
{
    private const string NoBroker = "amqp://guest:guest@127.0.0.1:9/";

    private readonly List<string> _databases = [];
    private WebApplicationFactory<BillingApi::Program>? _billing;
    private ServiceFactory<RegistryApi::Program>? _registry;
    private WebApplicationFactory<Program>? _claims;

    public NetworkLine BillingLine { get; } = new();
    public NetworkLine RegistryLine { get; } = new();
    public CoverageHold BillingHold { get; } = new();

    public string ClaimsDatabase { get; private set; } = "";
    public string BillingDatabase { get; private set; } = "";

    public WebApplicationFactory<Program> Claims => _claims ?? throw new InvalidOperationException("Not started.");

    /// <summary>Settings of the Claims host for this test class (faster rechecks, a shorter call timeout).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ClaimsSettings() => [];

    public HttpClient ClaimsAs(string role, string? subject = null) => WithToken(Claims.CreateClient(), TestTokens.For(subject ?? $"test-{role}", role));

    public HttpClient ClaimsAnonymous() => Claims.CreateClient();

    public HttpClient Registry(string role) => _registry!.ClientAs(role);

    public HttpClient Billing(string role) => WithToken(_billing!.CreateClient(), TestTokens.For($"test-{role}", role));

    public async Task InitializeAsync()
    {
        BillingDatabase = await DatabaseAsync("billing", typeof(BillingApi::Program).Assembly);
        _billing = new ServiceFactory<BillingApi::Program>(Settings("billing", BillingDatabase, NoBroker))
            .WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton(BillingHold.Filter())));
        _registry = new ServiceFactory<RegistryApi::Program>(Settings("registry", await DatabaseAsync("registry", typeof(RegistryApi::Program).Assembly), NoBroker));

        // Starting the hosts applies their migrations before they answer.
        _billing.CreateClient().Dispose();
        _registry.CreateClient().Dispose();

        ClaimsDatabase = await DatabaseAsync("claims", typeof(Program).Assembly);
        var settings = Settings("claims", ClaimsDatabase, await TestServers.RabbitMqAsync());
        settings["services:billing:http:0"] = "http://billing/";
        settings["services:registry:http:0"] = "http://registry/";
        settings["Outbox:PollInterval"] = "00:00:00.200";
        foreach (var (key, value) in ClaimsSettings())
        {
            settings[key] = value;
        }

        _claims = new ServiceFactory<Program>(settings).WithWebHostBuilder(host => host.ConfigureTestServices(services =>
        {
            services.AddHttpClient<IBillingClient, BillingClient>()
                .ConfigurePrimaryHttpMessageHandler(() => BillingLine.Handler(_billing.Server.CreateHandler()));
            services.AddHttpClient<IRegistryClient, RegistryClient>()
                .ConfigurePrimaryHttpMessageHandler(() => RegistryLine.Handler(_registry.Server.CreateHandler()));
        }));
        using var client = _claims.CreateClient();
        await Eventually.ReturnsAsync(
            async () => (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode
                        && (await client.GetAsync(new Uri("/health/messaging", UriKind.Relative))).IsSuccessStatusCode
                ? "ready"
                : null,
            TimeSpan.FromSeconds(60), "Claims to be ready");
    }

    public Task<T> ClaimsScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) => ScalarAsync<T>(ClaimsDatabase, sql, parameters);

    public static Task<T> ScalarAsync<T>(string database, string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<T>(database, sql, parameters);

    public async Task DisposeAsync()
    {
        BillingHold.Release();
        foreach (var factory in new IAsyncDisposable?[] { _claims, _registry, _billing })
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

    private static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
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

/// <summary>Billing and the registry up; the background recheck at its usual pace, out of the way.</summary>
public sealed class FilingFixture : ClaimsWithNeighbours;

/// <summary>Billing goes down and comes back: the background recheck runs every 200 ms, a failed check is retried after 1 s.</summary>
public sealed class BillingOutageFixture : ClaimsWithNeighbours
{
    protected override IEnumerable<KeyValuePair<string, string?>> ClaimsSettings() =>
    [
        new("Claims:CoverageRecheck:Interval", "00:00:00.200"),
        new("Claims:CoverageRecheck:RetryDelay", "00:00:01"),
        new("Claims:CoverageRecheck:CallTimeout", "00:00:02"),
    ];
}
