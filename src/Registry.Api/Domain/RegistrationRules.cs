namespace PijarSemar.Registry.Domain;

/// <summary>
/// The eligibility settings Disnaker may change without a release (section <c>Registry:Registration</c>).
/// </summary>
public sealed class RegistrationRules
{
    /// <summary>The first digits every NIK must start with; 3374 is Kota Semarang. Empty accepts any region.</summary>
    public string RequiredNikPrefix { get; set; } = "3374";

    public int MinimumAge { get; set; } = 15;

    public int MaximumAge { get; set; } = 65;

    /// <summary>Ages are counted on the calendar date in Semarang, not on the server's clock.</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";
}
