using PijarSemar.TestSupport;

namespace PijarSemar.Billing.Tests;

public sealed class BillingFixture() : ServiceFixture<Program>("billing");
