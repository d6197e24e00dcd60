using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PijarSemar.Claims.Apis;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;

namespace PijarSemar.Claims.Filing;

public static class FilingApi
{
    public static IEndpointRouteBuilder MapClaimFiling(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/claims", FileClaim)
            .WithTags("Claims")
            .WithName("FileClaim")
            .WithSummary("File a JKK or JKM claim for a worker; coverage at the incident date is asked of Billing, and when Billing cannot be reached the claim is filed with coverage Unknown and checked again in the background (coverage.note says so). 409 names the open claim of the same incident in existingClaimId; 422 gives the rule an incident date breaks.")
            .WithIdempotency()
            .RequireAuthorization(Roles.ClaimsOfficer);
        return app;
    }

    public static async Task<Results<Created<ClaimDetails>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> FileClaim(
        FileClaimRequest request, ClaimFiling filing, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var claim = await filing.FileAsync(request.Validate(), actor.Subject, ct);
        return TypedResults.Created($"/api/v1/claims/{claim.Id}", ClaimDetails.From(claim, clock));
    }
}
