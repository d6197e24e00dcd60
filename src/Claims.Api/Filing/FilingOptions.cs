namespace PijarSemar.Claims.Filing;

/// <summary>The filing rules that are policy rather than law of nature (section <c>Claims</c>).</summary>
public sealed class FilingOptions
{
    public const string Section = "Claims";

    /// <summary>How long after a work accident a JKK claim can still be filed (domain.md: 5 years).</summary>
    public int JkkClaimWindowYears { get; set; } = 5;

    public IEnumerable<string> Problems()
    {
        if (JkkClaimWindowYears is < 1 or > 30)
        {
            yield return $"JkkClaimWindowYears must be from 1 to 30, not {JkkClaimWindowYears}.";
        }
    }
}
