using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PijarSemar.Claims.Apis;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.Claims.Coverage;

public static class CoverageChecksApi
{
    public static IEndpointRouteBuilder MapCoverageChecksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/claims/{id:guid}/coverage-checks", CheckCoverage)
            .WithTags("Claims")
            .WithName("CheckClaimCoverage")
            .WithSummary("Ask Billing again now about coverage at the claim's incident date and keep the answer (Unknown when Billing cannot be reached); returns the claim. 409 when the claim is closed.")
            .RequireAuthorization(Roles.ClaimsOfficer);
        return app;
    }

    public static async Task<Results<Ok<ClaimDetails>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> CheckCoverage(
        Guid id, CoverageChecks checks, CurrentActor actor, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(ClaimDetails.From(await checks.CheckNowAsync(id, actor.Subject, ct), clock));
}
