using PijarSemar.Contracts;

namespace PijarSemar.ServiceDefaults.Time;

/// <summary>
/// Semarang's clock and calendar: Asia/Jakarta is UTC+7 all year (no daylight saving), so a date,
/// a month or a deadline never depends on the server's time zone.
/// </summary>
public static class SemarangTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>Now, in whole microseconds as PostgreSQL stores it, so what is answered is what a later read returns.</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The calendar day in Semarang of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static Period CurrentPeriod(TimeProvider clock) => Period.FromDate(Today(clock));
}
