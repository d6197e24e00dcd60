namespace PijarSemar.ServiceDefaults.Authentication;

/// <summary>The roles a token can carry; each is also the name of an authorization policy.</summary>
public static class Roles
{
    public const string Operator = "operator";
    public const string Finance = "finance";
    public const string ClaimsOfficer = "claims-officer";
    public const string BpjsIntegration = "bpjs-integration";
    public const string Sponsor = "sponsor";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All =
        [Operator, Finance, ClaimsOfficer, BpjsIntegration, Sponsor, Auditor];
}
