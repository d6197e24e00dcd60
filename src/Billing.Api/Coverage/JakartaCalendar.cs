using PijarSemar.Contracts;

namespace PijarSemar.Billing.Coverage;

/// <summary>Semarang's date and month: payment dates and the arrears window are counted in Asia/Jakarta (UTC+7, no daylight saving).</summary>
public static class JakartaCalendar
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    public static Period CurrentPeriod(TimeProvider clock) => Period.FromDate(Today(clock));
}
