using PijarSemar.Contracts;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// Semarang's clock (<see cref="SemarangTime"/>) over the injected <see cref="TimeProvider"/>: which
/// month is "current" for the mandate report never depends on the server's time zone.
/// </summary>
public sealed class SemarangClock(TimeProvider clock)
{
    public DateTimeOffset Now => SemarangTime.Now(clock);

    public DateOnly Today => SemarangTime.Today(clock);

    public Period CurrentPeriod => SemarangTime.CurrentPeriod(clock);
}
