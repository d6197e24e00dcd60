namespace PijarSemar.Funding.Domain;

/// <summary>
/// Which sponsors a source takes: ASN Peduli sources are paid by civil servants (Asn, Pppk), CSR
/// sources by companies, and both must name theirs; the city's own budgets (Apbd, Dbhcht) have none.
/// </summary>
public static class SponsorRule
{
    public static bool RequiresSponsor(FundingSourceType source) => source is FundingSourceType.Asn or FundingSourceType.Csr;

    /// <summary>Whether a sponsor of <paramref name="sponsorType"/> (Asn, Pppk or Company, as stored) may pay under a source of <paramref name="source"/>.</summary>
    public static bool Accepts(FundingSourceType source, string sponsorType) => source switch
    {
        FundingSourceType.Asn => sponsorType is "Asn" or "Pppk",
        FundingSourceType.Csr => sponsorType is "Company",
        _ => false,
    };

    public static string Describe(FundingSourceType source) => source switch
    {
        FundingSourceType.Asn => "An Asn source takes sponsors of type Asn or Pppk.",
        FundingSourceType.Csr => "A Csr source takes sponsors of type Company.",
        _ => $"A {source} source takes no sponsor.",
    };
}
