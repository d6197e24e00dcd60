namespace PijarSemar.ServiceDefaults.Authentication;

/// <summary>
/// The roles a token can carry. Endpoints name a policy from <see cref="Policies"/>; each role is
/// also a policy of its own for code that needs exactly that role.
/// </summary>
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
