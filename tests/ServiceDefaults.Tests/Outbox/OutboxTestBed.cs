using PijarSemar.LocalServers;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.ServiceDefaults.Tests.Outbox;

/// <summary>
/// A broker of the outbox tests' own: whether a message is returned depends on which queues are
/// bound to its exchange, which another test project on a shared broker could change.
/// </summary>
public sealed class OutboxBroker : IAsyncLifetime
{
    public RabbitMqServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServers.StartPrivateRabbitMqAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class OutboxTests : ICollectionFixture<OutboxBroker>
{
    public const string Name = "outbox";
}

/// <summary>One test's fresh database, its rows, and the dispatcher hosts started on it.</summary>
public sealed class OutboxTestBed(OutboxBroker broker, string database) : IAsyncDisposable
{
    private readonly List<OutboxHost> _hosts = [];

    /// <summary>Queues of this test only; hosts started here share them, as replicas of one service do.</summary>
    public string QueuePrefix { get; } = $"outbox-{Guid.NewGuid():N}"[..20];

    public string Database => database;

    public OutboxRows Rows { get; } = new(database);

    public static async Task<OutboxTestBed> CreateAsync(OutboxBroker broker) =>
        new(broker, await TestDatabases.CreateAsync("outbox", typeof(OutboxHost).Assembly));

    public async Task<OutboxHost> StartDispatcherAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = await OutboxHost.StartAsync(database, broker.Server.ConnectionString, QueuePrefix, settings);
        _hosts.Add(host);
        return host;
    }

    public Task<OutboxRows.Row> WaitForAsync(Guid id, Func<OutboxRows.Row, bool> condition, string what, int seconds = 20) =>
        Eventually.ReturnsAsync(async () => await Rows.ReadAsync(id) is var row && condition(row) ? row : null, TimeSpan.FromSeconds(seconds), what);

    public int Deliveries(Guid messageId) => WorkerRegisteredProbe.Deliveries(QueuePrefix, messageId);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await TestDatabases.DropAsync(database);
    }
}
