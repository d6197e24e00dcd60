using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.TestSupport;

namespace PijarSemar.EndToEnd.Tests.Faults;

/// <summary>
/// A service of the program for a fault test: on <paramref name="broker"/> (a broker the test may
/// stop; the shared one when null) and, when <paramref name="postgres"/> (a superuser connection string) is given, with its
/// database on that server instead of the shared one. With <paramref name="listens"/> it serves on
/// a real port, so its neighbours reach it through their typed clients as in production.
/// </summary>
public sealed class FaultTestService<TProgram>(
    string service,
    string? broker,
    bool listens = false,
    IReadOnlyDictionary<string, string?>? settings = null,
    string? postgres = null) : ServiceFixture<TProgram>(service)
    where TProgram : class
{
    /// <summary>Where a neighbour reaches this service (only with <c>listens</c>).</summary>
    public string Address => Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected override Task<string> BrokerAsync() => broker is null ? base.BrokerAsync() : Task.FromResult(broker);

    protected override Task<string> DatabaseAsync() =>
        postgres is null ? base.DatabaseAsync() : TestDatabases.CreateAsync(Service, typeof(TProgram).Assembly, postgres);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => settings ?? new Dictionary<string, string?>();

    protected override void ConfigureFactory(ServiceFactory<TProgram> factory)
    {
        if (listens)
        {
            factory.UseKestrel(0);
        }
    }
}
