namespace PijarSemar.Registry.Domain;

/// <summary>
/// The eligibility settings Disnaker may change without a release (section <c>Registry:Registration</c>).
/// </summary>
public sealed class RegistrationRules
{
    /// <summary>The first digits every NIK must start with; 3374 is Kota Semarang. Empty accepts any region.</summary>
    public string RequiredNikPrefix { get; set; } = "3374";

    /// <summary>
    /// A NIK is for life, so a resident of Semarang may hold one issued elsewhere: with this on, an
    /// operator may register such a NIK by stating the domicile reason, which is recorded and audited.
    /// </summary>
    public bool AcceptOutOfRegionNikWithDomicileReason { get; set; } = true;

    public int MinimumAge { get; set; } = 15;

    public int MaximumAge { get; set; } = 65;

    /// <summary>Ages are counted on the calendar date in Semarang, not on the server's clock.</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>The reasons the settings make no sense; none when they do.</summary>
    public IEnumerable<string> Problems()
    {
        if (RequiredNikPrefix.Length > 16 || !RequiredNikPrefix.All(char.IsAsciiDigit))
        {
            yield return $"RequiredNikPrefix must be at most 16 digits, not \"{RequiredNikPrefix}\".";
        }

        if (MinimumAge < 0 || MaximumAge > 150)
        {
            yield return $"Ages must lie between 0 and 150, not {MinimumAge} to {MaximumAge}.";
        }

        if (MinimumAge > MaximumAge)
        {
            yield return $"MinimumAge ({MinimumAge}) must not be above MaximumAge ({MaximumAge}).";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"TimeZone \"{TimeZone}\" is not a time zone known to this machine.";
        }
    }
}
