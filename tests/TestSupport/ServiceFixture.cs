using Npgsql;
using PijarSemar.LocalServers;
using Xunit;

namespace PijarSemar.TestSupport;

/// <summary>
/// A running service for one test class: a fresh database copied from the migrated template,
/// queues of its own on the shared broker, and its outbox polled often so tests stay quick.
/// </summary>
public abstract class ServiceFixture<TEntryPoint>(string service) : IAsyncLifetime
    where TEntryPoint : class
{
    private ServiceFactory<TEntryPoint>? _factory;
    private Dictionary<string, string?> _settings = [];

    public string ConnectionString { get; private set; } = "";

    public ServiceFactory<TEntryPoint> Factory => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Extra settings a test class needs (another broker, a rule changed).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    /// <summary>The broker this service uses; a test of outages gives it one of its own.</summary>
    protected virtual Task<string> BrokerAsync() => OwnsBroker ? StartOwnBrokerAsync() : TestServers.RabbitMqAsync();

    /// <summary>
    /// A broker of this fixture's own, started with it and stopped after it: on the shared one,
    /// the events other test classes publish reach this service's queues too (every fixture's
    /// queues are bound to the same event exchanges), for a class that counts what it received.
    /// </summary>
    protected virtual bool OwnsBroker => false;

    private RabbitMqServer? _ownBroker;

    private async Task<string> StartOwnBrokerAsync()
    {
        _ownBroker = await TestServers.StartPrivateRabbitMqAsync();
        return _ownBroker.ConnectionString;
    }

    /// <summary>The service's name, as its connection string and database are named.</summary>
    protected string Service => service;

    /// <summary>This service's fresh database; a test of PostgreSQL outages makes it on a server of its own.</summary>
    protected virtual Task<string> DatabaseAsync() => TestDatabases.CreateAsync(service, typeof(TEntryPoint).Assembly);

    /// <summary>Changes to the factory before it starts (e.g. a real Kestrel port, so another service can call this one).</summary>
    protected virtual void ConfigureFactory(ServiceFactory<TEntryPoint> factory)
    {
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await DatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        var settings = new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{service}"] = ConnectionString,
            ["ConnectionStrings:rabbitmq"] = await BrokerAsync(),
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            ["Messaging:EndpointPrefix"] = database,
            ["Outbox:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in Settings())
        {
            settings[key] = value;
        }

        _settings = settings;
        _factory = new ServiceFactory<TEntryPoint>(settings);
        ConfigureFactory(_factory);
        await WaitUntilReadyAsync(_factory);
    }

    /// <summary>
    /// A second instance of the service on the same database and queues, as a second Kubernetes
    /// replica runs, with <paramref name="overrides"/> on top of this fixture's settings. The caller disposes it.
    /// </summary>
    public async Task<ServiceFactory<TEntryPoint>> StartReplicaAsync(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var replica = new ServiceFactory<TEntryPoint>(settings);
        await WaitUntilReadyAsync(replica);
        return replica;
    }

    /// <summary>
    /// Ready (migrated) and, for a test, connected with every receive endpoint bound
    /// (<c>/health/messaging</c>): an event published before its queue is bound would find no queue.
    /// </summary>
    private async Task WaitUntilReadyAsync(ServiceFactory<TEntryPoint> factory)
    {
        using var client = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode
            || !(await client.GetAsync(new Uri("/health/messaging", UriKind.Relative))).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {service} service did not become ready within 60 s.");
            }

            await Task.Delay(100);
        }
    }

    public HttpClient ClientAs(string role, string? subject = null) => Factory.ClientAs(role, subject);

    public HttpClient AnonymousClient() => Factory.CreateClient();

    public Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        Sql.ScalarAsync<T>(ConnectionString, sql, parameters);

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (ConnectionString.Length > 0)
        {
            await TestDatabases.DropAsync(ConnectionString);
        }

        if (_ownBroker is not null)
        {
            await _ownBroker.DisposeAsync();
        }
    }
}
