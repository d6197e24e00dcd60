extern alias BillingApi;
extern alias ClaimsApi;
extern alias FundingApi;
extern alias RegistryApi;

using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Npgsql;
using PijarSemar.LocalServers;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Processes;

/// <summary>
/// The four services as the AppHost runs them: separate <c>dotnet &lt;dll&gt;</c> processes, each on a
/// free port and a fresh database of its own, on the shared test broker with queues of their own,
/// calling each other over HTTP. Stopped and the databases dropped at the end.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A stack of services, as the AppHost calls it, not a collection.")]
public sealed class ProcessStack : IAsyncLifetime, IAsyncDisposable
{
    private static readonly Dictionary<string, Assembly> Migrations = new()
    {
        ["registry"] = typeof(RegistryApi::Program).Assembly,
        ["funding"] = typeof(FundingApi::Program).Assembly,
        ["billing"] = typeof(BillingApi::Program).Assembly,
        ["claims"] = typeof(ClaimsApi::Program).Assembly,
    };

    private readonly IReadOnlyDictionary<string, string> overrides;
    private readonly bool ownBroker;
    private List<ProcessService> services = [];
    private RabbitMqServer? broker;

    /// <summary>
    /// A stack for a class fixture, on a broker of its own: on the shared one, the events of every
    /// other test's services (an allocation, a registration) would reach this stack's read models.
    /// </summary>
    public ProcessStack()
        : this(new Dictionary<string, string>(), ownBroker: true)
    {
    }

    private ProcessStack(IReadOnlyDictionary<string, string> overrides, bool ownBroker)
    {
        this.overrides = overrides;
        this.ownBroker = ownBroker;
    }

    public ProcessService Registry => Named("registry");

    public ProcessService Funding => Named("funding");

    public ProcessService Billing => Named("billing");

    public ProcessService Claims => Named("claims");

    public IReadOnlyList<ProcessService> All => services;

    /// <summary>
    /// A started stack whose services all get <paramref name="configuration"/> on top of the usual settings
    /// (e.g. <c>Billing:Runs:PollInterval</c>), for a test that starts and disposes it itself.
    /// </summary>
    public static Task<ProcessStack> StartAsync(params (string Key, string Value)[] configuration) =>
        StartNewAsync(ownBroker: false, configuration);

    /// <summary>
    /// As <see cref="StartAsync(ValueTuple{string, string}[])"/>, on a RabbitMQ of the stack's own
    /// (stopped with it): for a test whose events no other test's services may receive, or that
    /// receives none of theirs, since every stack on one broker shares the events' exchanges.
    /// </summary>
    public static Task<ProcessStack> StartWithOwnBrokerAsync(params (string Key, string Value)[] configuration) =>
        StartNewAsync(ownBroker: true, configuration);

    public async Task InitializeAsync()
    {
        try
        {
            var rabbitMq = ownBroker
                ? (broker = await TestServers.StartPrivateRabbitMqAsync()).ConnectionString
                : await TestServers.RabbitMqAsync();
            var builds = ServiceBuild.All(typeof(ProcessStack).Assembly);
            var addresses = builds.ToDictionary(build => build.Name, _ => new Uri($"http://127.0.0.1:{FreePort.Next()}"));
            var databases = await Task.WhenAll(builds.Select(build => TestDatabases.CreateAsync(build.Name, Migrations[build.Name])));
            services = [.. builds.Select((build, index) => new ProcessService(build, Settings(build.Name, addresses, databases[index], rabbitMq)))];
            await Task.WhenAll(services.Select(service => service.StartAsync()));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(services.Select(service => service.DisposeAsync().AsTask()));
        await Task.WhenAll(services.Select(service => TestDatabases.DropAsync(service.ConnectionString)));
        services = [];
        if (broker is not null)
        {
            await broker.DisposeAsync();
            broker = null;
        }
    }

    private static async Task<ProcessStack> StartNewAsync(bool ownBroker, (string Key, string Value)[] configuration)
    {
        var stack = new ProcessStack(configuration.ToDictionary(setting => setting.Key, setting => setting.Value), ownBroker);
        await stack.InitializeAsync();
        return stack;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private ServiceSettings Settings(string name, Dictionary<string, Uri> addresses, string database, string rabbitMq)
    {
        var configuration = new Dictionary<string, string>
        {
            // Unique to this stack (the database name is), so stacks in parallel never share a queue.
            ["Messaging:EndpointPrefix"] = new NpgsqlConnectionStringBuilder(database).Database!,
            ["Outbox:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides)
        {
            configuration[key] = value;
        }

        return new ServiceSettings(name, addresses[name], database, rabbitMq, TestTokens.SigningKey, ServiceIdentity.AudienceFor(name))
        {
            EnvironmentName = ServiceIdentity.TestingEnvironment,
            Services = addresses,
            Configuration = configuration,
        };
    }

    private ProcessService Named(string name) =>
        services.FirstOrDefault(service => service.Name == name) ?? throw new InvalidOperationException("The stack has not started.");
}
