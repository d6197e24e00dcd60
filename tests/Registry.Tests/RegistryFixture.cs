using PijarSemar.TestSupport;

namespace PijarSemar.Registry.Tests;

public sealed class RegistryFixture() : ServiceFixture<Program>("registry");
