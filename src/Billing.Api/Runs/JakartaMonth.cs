using PijarSemar.Contracts;

namespace PijarSemar.Billing.Runs;

/// <summary>The month it is in Semarang (Asia/Jakarta, UTC+7 all year, no daylight saving): the latest billable period.</summary>
public static class JakartaMonth
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    public static Period Current(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var local = clock.GetUtcNow().ToOffset(Wib);
        return new Period(local.Year, local.Month);
    }
}
