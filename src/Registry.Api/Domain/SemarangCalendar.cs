using Microsoft.Extensions.Options;

namespace PijarSemar.Registry.Domain;

/// <summary>Today's date in Semarang: an age or an effective date never depends on the server's time zone.</summary>
public sealed class SemarangCalendar(TimeProvider clock, IOptions<RegistrationRules> rules)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(rules.Value.TimeZone);

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), _zone).DateTime);
}
