using PijarSemar.TestSupport;

namespace PijarSemar.Claims.Tests;

public sealed class ClaimsFixture() : ServiceFixture<Program>("claims");
