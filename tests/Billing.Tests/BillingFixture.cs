using PijarSemar.TestSupport;

namespace PijarSemar.Billing.Tests;

/// <summary>Billing with its run job polled often, so a run queued in a test starts within a moment.</summary>
public class BillingFixture : ServiceFixture<Program>
{
    public BillingFixture()
        : base("billing")
    {
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Billing:Runs:PollInterval", "00:00:00.200"),
        new("Billing:Runs:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    protected virtual int MaxAttempts => 5;
}

/// <summary>Billing whose runs may fail many times in a row, while a test holds them failing.</summary>
public sealed class PatientBillingFixture : BillingFixture
{
    protected override int MaxAttempts => 1_000;
}
