namespace PijarSemar.Claims.Tests.Reading;

/// <summary>A clock stopped at one instant, so a day count does not depend on when the test runs.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
