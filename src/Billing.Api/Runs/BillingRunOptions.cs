using PijarSemar.Contracts;

namespace PijarSemar.Billing.Runs;

/// <summary>Settings of <c>Billing</c>: the first month the program bills.</summary>
public sealed class BillingRunOptions
{
    /// <summary>The first billable period (yyyy-MM); a run for an earlier month is refused.</summary>
    public string ProgramStart { get; set; } = "2025-01";

    public Period FirstPeriod => Period.Parse(ProgramStart);

    public IEnumerable<string> Problems()
    {
        if (!Period.TryParse(ProgramStart, out _))
        {
            yield return $"ProgramStart must be a month written yyyy-MM, not '{ProgramStart}'.";
        }
    }
}
