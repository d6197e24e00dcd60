using PijarSemar.TestSupport;

namespace PijarSemar.Registry.Tests;

public sealed class RegistryFixture() : ServiceFixture<Program>("registry");

/// <summary>A registry started with some settings changed.</summary>
public abstract class RegistryFixtureWith(IReadOnlyDictionary<string, string?> settings) : ServiceFixture<Program>("registry")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => settings;
}
