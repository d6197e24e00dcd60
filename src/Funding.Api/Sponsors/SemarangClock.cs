using PijarSemar.Contracts;

namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// Today and this month in Semarang (WIB, UTC+7 all year): which month is "current" for the
/// mandate report never depends on the server's time zone.
/// </summary>
public sealed class SemarangClock(TimeProvider clock)
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    /// <summary>Whole microseconds, as PostgreSQL stores them, so what we answer is what a later read returns.</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = clock.GetUtcNow();
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    public Period CurrentPeriod => Period.FromDate(Today);
}
