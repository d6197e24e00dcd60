extern alias BillingApi;
extern alias ClaimsApi;
extern alias FundingApi;
extern alias RegistryApi;

using PijarSemar.LocalServers;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.HostileInput;

/// <summary>
/// The four services each on its own database, every one pointed at every neighbour it calls
/// (Billing and Funding call each other), so no hostile request meets an unconfigured client:
/// the ports are chosen before any of them starts.
/// </summary>
public sealed class LinkedServices : IAsyncLifetime
{
    private static readonly Dictionary<string, int> Ports = new()
    {
        ["registry"] = FreePort.Next(),
        ["funding"] = FreePort.Next(),
        ["billing"] = FreePort.Next(),
    };

    public Linked<RegistryApi::Program> Registry { get; } = new("registry");

    public Linked<FundingApi::Program> Funding { get; } = new("funding");

    public Linked<BillingApi::Program> Billing { get; } = new("billing");

    public Linked<ClaimsApi::Program> Claims { get; } = new("claims");

    public Task InitializeAsync() =>
        Task.WhenAll(Registry.InitializeAsync(), Funding.InitializeAsync(), Billing.InitializeAsync(), Claims.InitializeAsync());

    public Task DisposeAsync() =>
        Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync(), Billing.DisposeAsync(), Claims.DisposeAsync());

    /// <summary>
    /// A service listening on its chosen port (if another calls it), knowing the address of every other,
    /// on a broker of its own: a registration the table gets accepted publishes events that would
    /// otherwise change Funding's and Claims' read models in the middle of their own cases.
    /// </summary>
    public sealed class Linked<TProgram> : ServiceFixture<TProgram>
        where TProgram : class
    {
        private readonly string _service;

        public Linked(string service)
            : base(service) => _service = service;

        protected override bool OwnsBroker => true;

        protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
            Ports.Where(p => p.Key != _service).Select(p => new KeyValuePair<string, string?>($"services:{p.Key}:http:0", $"http://127.0.0.1:{p.Value}"));

        protected override void ConfigureFactory(ServiceFactory<TProgram> factory)
        {
            if (Ports.TryGetValue(_service, out var port))
            {
                factory.UseKestrel(port);
            }
        }
    }
}
