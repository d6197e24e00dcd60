using PijarSemar.TestSupport;

namespace PijarSemar.Funding.Tests;

public sealed class FundingFixture() : ServiceFixture<Program>("funding");
