using Microsoft.Extensions.Options;

namespace PijarSemar.Registry.Domain;

/// <summary>Today's date in Semarang: an age or an effective date never depends on the server's time zone.</summary>
public sealed class SemarangCalendar(TimeProvider clock, IOptions<RegistrationRules> rules)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(rules.Value.TimeZone);

    /// <summary>Whole microseconds, as PostgreSQL stores them, so what we answer is what a later read returns.</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = clock.GetUtcNow();
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), _zone).DateTime);
}
