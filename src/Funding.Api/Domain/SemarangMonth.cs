using PijarSemar.Contracts;

namespace PijarSemar.Funding.Domain;

/// <summary>The month it is in Semarang (WIB, UTC+7 all year), which "allocated now" and the current period mean.</summary>
public static class SemarangMonth
{
    private static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    public static Period Current(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var local = clock.GetUtcNow().ToOffset(Wib);
        return new Period(local.Year, local.Month);
    }
}
