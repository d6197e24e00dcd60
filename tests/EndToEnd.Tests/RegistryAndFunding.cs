using Xunit;

namespace PijarSemar.EndToEnd.Tests;

/// <summary>Registry and Funding side by side on the shared test broker, each on its own database.</summary>
public sealed class RegistryAndFunding : IAsyncLifetime
{
    public RegistryService Registry { get; } = new();

    public FundingService Funding { get; } = new();

    public Task InitializeAsync() => Task.WhenAll(Registry.InitializeAsync(), Funding.InitializeAsync());

    public Task DisposeAsync() => Task.WhenAll(Registry.DisposeAsync(), Funding.DisposeAsync());
}
