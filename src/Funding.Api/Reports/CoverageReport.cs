namespace PijarSemar.Funding.Reports;

/// <summary>
/// Workers funded in a fiscal year (funded in at least one of its months), per funding source,
/// per occupation and per kecamatan, and how far that is towards the year's target and the whole
/// informal workforce. A worker funded by two sources in one year (one after the other) counts
/// once in <c>fundedWorkers</c> and once under each source. Percentages are decimal, rounded half
/// away from zero to two places; <c>target</c> is null when none is set for the year.
/// </summary>
public sealed record CoverageReport(
    int FiscalYear,
    int FundedWorkers,
    Progress? Target,
    Progress Baseline,
    IReadOnlyList<SourceCoverage> BySource,
    IReadOnlyList<OccupationCoverage> ByOccupation,
    IReadOnlyList<KecamatanCoverage> ByKecamatan);

/// <summary>Funded workers against a figure: <c>percent</c> = 100 × funded / of.</summary>
public sealed record Progress(int Of, decimal Percent)
{
    public static Progress Toward(int funded, int of) =>
        new(of, Math.Round(100m * funded / of, 2, MidpointRounding.AwayFromZero));
}

public sealed record SourceCoverage(Guid FundingSourceId, string Code, string Name, string Type, int Quota, int Workers);

/// <summary>A worker's occupation as Funding's copy of the registry has it; null when the registry has not said.</summary>
public sealed record OccupationCoverage(string? OccupationCode, int Workers);

public sealed record KecamatanCoverage(string? Kecamatan, int Workers);
