using Microsoft.AspNetCore.Authorization;

namespace PijarSemar.ServiceDefaults.Authentication;

/// <summary>
/// Every authorization policy an endpoint may name, with the roles it admits, in one place:
/// an endpoint says what it protects (<c>.RequireAuthorization(Policies.RegistryRead)</c>), and
/// who may do that is decided here, not in a role list copied into each API file.
/// </summary>
public static class Policies
{
    /// <summary>Register workers, change their status, upload imports.</summary>
    public const string RegistryWrite = "registry-write";

    /// <summary>Read and search workers.</summary>
    public const string RegistryRead = "registry-read";

    /// <summary>Read a worker's audit history.</summary>
    public const string RegistryHistoryRead = "registry-history-read";

    /// <summary>List the workers flagged as possible duplicates of earlier ones (operators resolve them with <see cref="RegistryWrite"/>).</summary>
    public const string PossibleDuplicatesRead = "possible-duplicates-read";

    /// <summary>Follow worker imports and download their rejected rows.</summary>
    public const string WorkerImportsRead = "worker-imports-read";

    /// <summary>Read funding sources, allocations, sponsors and coverage figures.</summary>
    public const string FundingRead = "funding-read";

    /// <summary>Read tariffs, billing runs and billing reports.</summary>
    public const string BillingRead = "billing-read";

    /// <summary>Read invoices and their lines.</summary>
    public const string InvoicesRead = "invoices-read";

    /// <summary>Record payments, reconcile payment files, and read what the BPJS upload needs (NIK and name per line).</summary>
    public const string BpjsSettlement = "bpjs-settlement";

    /// <summary>Ask whether a worker was covered on a date.</summary>
    public const string CoverageRead = "coverage-read";

    /// <summary>Read claims.</summary>
    public const string ClaimsRead = "claims-read";

    /// <summary>
    /// Move claims through the workflow. Which move each role may make is the claim's own rule:
    /// the BPJS integration records only BPJS Ketenagakerjaan's decisions and payments.
    /// </summary>
    public const string ClaimsWrite = "claims-write";

    /// <summary>The roles each policy admits; a token needs one of them.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesOf = new Dictionary<string, IReadOnlyList<string>>
    {
        [RegistryWrite] = [Roles.Operator],
        [RegistryRead] = [Roles.Operator, Roles.Auditor, Roles.ClaimsOfficer],
        [RegistryHistoryRead] = [Roles.Auditor, Roles.Operator],
        [PossibleDuplicatesRead] = [Roles.Operator, Roles.Auditor],
        [WorkerImportsRead] = [Roles.Operator, Roles.Auditor],
        [FundingRead] = [Roles.Operator, Roles.Finance, Roles.Auditor],
        [BillingRead] = [Roles.Finance, Roles.Operator, Roles.Auditor],
        [InvoicesRead] = [Roles.Finance, Roles.BpjsIntegration, Roles.Operator, Roles.Auditor],
        [BpjsSettlement] = [Roles.Finance, Roles.BpjsIntegration],
        [CoverageRead] = [Roles.ClaimsOfficer, Roles.Finance, Roles.Operator, Roles.Auditor, Roles.BpjsIntegration],
        [ClaimsRead] = [Roles.ClaimsOfficer, Roles.Operator, Roles.Auditor, Roles.BpjsIntegration],
        [ClaimsWrite] = [Roles.ClaimsOfficer, Roles.BpjsIntegration],
    };

    /// <summary>
    /// The named policies, each role also as a policy of its own, and the fallback for endpoints that
    /// name none. Every one of them needs an authenticated caller with a subject: the audit trail
    /// records it as the actor, so a token without one is never good enough.
    /// </summary>
    internal static AuthorizationBuilder AddPijarPolicies(this AuthorizationBuilder authorization)
    {
        var authenticatedSubject = AuthenticatedSubject().Build();
        authorization.SetFallbackPolicy(authenticatedSubject).SetDefaultPolicy(authenticatedSubject);
        foreach (var (name, roles) in RolesOf)
        {
            authorization.AddPolicy(name, AuthenticatedSubject().RequireRole(roles).Build());
        }

        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, AuthenticatedSubject().RequireRole(role).Build());
        }

        return authorization;
    }

    private static AuthorizationPolicyBuilder AuthenticatedSubject() =>
        new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireAssertion(context => !string.IsNullOrWhiteSpace(context.User.FindFirst("sub")?.Value));
}
