using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PijarSemar.Claims.Apis;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Idempotency;

namespace PijarSemar.Claims.Workflow;

/// <summary>
/// A move of a claim to <see cref="To"/>, with a <see cref="Note"/> (required to reject) and an
/// <see cref="Amount"/> in whole rupiah (required at Approved and Paid, refused elsewhere).
/// </summary>
public sealed record TransitionRequest(string? To, string? Note, long? Amount);

public static class TransitionsApi
{
    public static IEndpointRouteBuilder MapTransitionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/claims").WithTags("Claims")
            .MapPost("/{id:guid}/transitions", MoveClaim)
            .WithName("MoveClaim")
            .WithSummary("Move a claim: Submitted → Verified → SentToBpjs → Approved (amount) → Paid (amount), or Rejected (note) from any open status; 409 names the moves allowed, 422 when it cannot go to BPJS yet or more is paid than approved. bpjs-integration may record only Approved, Rejected and Paid.")
            .WithIdempotency()
            .RequireAuthorization(Policies.ClaimsWrite);
        return app;
    }

    public static async Task<Results<Ok<ClaimDetails>, ProblemHttpResult>> MoveClaim(
        Guid id, TransitionRequest request, ClaimsPrincipal user, ClaimTransitions transitions, CurrentActor actor, TimeProvider clock,
        CancellationToken ct)
    {
        var (to, note) = Validate(request);
        if (!ClaimWorkflow.MayMove(to, user.IsInRole))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Move not allowed for this role.",
                detail: $"Moving a claim to {to} needs the role {string.Join(" or ", ClaimWorkflow.RolesFor(to))}.");
        }

        var claim = await transitions.MoveAsync(id, to, note, request.Amount, actor.Subject, ct);
        return TypedResults.Ok(ClaimDetails.From(claim, clock));
    }

    /// <summary>The canonical target status and the trimmed note (null when empty), or a 400 naming every bad field.</summary>
    private static (string To, string? Note) Validate(TransitionRequest request)
    {
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var to = ClaimStatus.All.FirstOrDefault(s => string.Equals(s, request.To?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (to is null)
        {
            throw RequestValidationException.For("to", $"to is required, one of {string.Join(", ", ClaimStatus.All)}.");
        }

        var problems = ClaimWorkflow.ShapeProblems(to, note, request.Amount);
        return problems.Count == 0
            ? (to, note)
            : throw new RequestValidationException(problems.ToDictionary(p => p.Key, p => new[] { p.Value }));
    }
}
