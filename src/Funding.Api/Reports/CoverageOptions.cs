namespace PijarSemar.Funding.Reports;

/// <summary>The figures coverage is measured against (section <c>Funding</c>); they change by decision, so they are settings.</summary>
public sealed class CoverageOptions
{
    public const string Section = "Funding";

    /// <summary>The program's target of workers funded, per fiscal year (<c>Funding:Targets:2026</c> = 10000).</summary>
    public Dictionary<int, int> Targets { get; set; } = [];

    /// <summary>Informal workers in Semarang, the whole workforce the program could cover (BPJS, 31 Dec 2024: 215,243).</summary>
    public int InformalWorkforceBaseline { get; set; }

    /// <summary>The reasons the settings make no sense; none when they do.</summary>
    public IEnumerable<string> Problems()
    {
        if (InformalWorkforceBaseline < 1)
        {
            yield return $"InformalWorkforceBaseline must be at least 1, not {InformalWorkforceBaseline}.";
        }

        foreach (var (year, target) in Targets)
        {
            if (year is < 2020 or > 2100 || target < 1)
            {
                yield return $"Targets:{year} must be a fiscal year from 2020 to 2100 with a target of at least 1, not {target}.";
            }
        }
    }
}
