extern alias ClaimsApi;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.EndToEnd.Tests.Security;

/// <summary>Claims in memory on the shared test broker, with no neighbours: no security check needs one.</summary>
public sealed class ClaimsService() : ServiceFixture<ClaimsApi::Program>("claims");

/// <summary>A call the security tests make on each service: a path and the role that may call it.</summary>
public sealed record SampleCall(string Path, string Role);

/// <summary>
/// One of the four services as the security tests see it: its host and its own endpoint data, a
/// list an auditor may read (200 on an empty database) with the table it reads, and a JSON write.
/// </summary>
public sealed record HostedService(
    string Name,
    IServiceProvider Services,
    TestServer Server,
    string ConnectionString,
    Func<HttpClient> AnonymousClient,
    Func<string, HttpClient> ClientAs,
    SampleCall AuditorList,
    string AuditorListTable,
    SampleCall JsonWrite)
{
    public IReadOnlyList<Endpoint> Endpoints => Services.GetRequiredService<EndpointDataSource>().Endpoints;

    public static HostedService Of<TProgram>(string name, ServiceFixture<TProgram> fixture, string auditorList, string table, SampleCall jsonWrite)
        where TProgram : class => new(
            name,
            fixture.Factory.Services,
            fixture.Factory.Server,
            fixture.ConnectionString,
            fixture.AnonymousClient,
            role => fixture.ClientAs(role),
            new SampleCall(auditorList, Roles.Auditor),
            table,
            jsonWrite);

    public override string ToString() => Name;
}

/// <summary>The four services in memory, each on its own database, started once for every security test class.</summary>
public sealed class SecurityServices : IAsyncLifetime
{
    public const string Collection = "security";

    public RegistryService Registry { get; } = new();

    public FundingService Funding { get; } = new();

    public BillingService Billing { get; } = new();

    public ClaimsService Claims { get; } = new();

    public IReadOnlyList<HostedService> All { get; private set; } = [];

    public HostedService this[string name] => All.Single(service => service.Name == name);

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Registry.InitializeAsync(), Funding.InitializeAsync(), Billing.InitializeAsync(), Claims.InitializeAsync());
        All =
        [
            HostedService.Of("registry", Registry, "/api/v1/workers/possible-duplicates", "possible_duplicates", new("/api/v1/workers", Roles.Operator)),
            HostedService.Of("funding", Funding, "/api/v1/funding-sources", "funding_sources", new("/api/v1/funding-sources", Roles.Operator)),
            HostedService.Of("billing", Billing, "/api/v1/tariffs", "tariffs", new("/api/v1/tariffs", Roles.Finance)),
            HostedService.Of("claims", Claims, "/api/v1/claims", "claims", new("/api/v1/claims", Roles.ClaimsOfficer)),
        ];
    }

    public async Task DisposeAsync() =>
        await Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync(), Billing.DisposeAsync(), Claims.DisposeAsync());
}

[CollectionDefinition(SecurityServices.Collection)]
public sealed class SecurityServicesDefinition : ICollectionFixture<SecurityServices>;
