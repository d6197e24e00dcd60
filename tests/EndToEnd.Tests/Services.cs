extern alias FundingApi;
extern alias RegistryApi;

using PijarSemar.TestSupport;

namespace PijarSemar.EndToEnd.Tests;

/// <summary>Registry in memory; <paramref name="broker"/> replaces the shared test broker when given.</summary>
public sealed class RegistryService(string? broker = null) : ServiceFixture<RegistryApi::Program>("registry")
{
    protected override Task<string> BrokerAsync() => broker is null ? base.BrokerAsync() : Task.FromResult(broker);
}

/// <summary>Funding in memory; <paramref name="broker"/> replaces the shared test broker when given.</summary>
public sealed class FundingService(string? broker = null) : ServiceFixture<FundingApi::Program>("funding")
{
    protected override Task<string> BrokerAsync() => broker is null ? base.BrokerAsync() : Task.FromResult(broker);
}
