using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Funding;
using PijarSemar.Funding.Data;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.Funding.Apis;

/// <summary>
/// A sponsor's token names the sponsor by its identifier (the civil servant's NIP, the company's
/// registration number) in <c>sub</c>; this tells the sponsor, and the services it calls with its
/// token, which Funding sponsor that is.
/// </summary>
public static class SponsorSelfApi
{
    public static IEndpointRouteBuilder MapSponsorSelfApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/sponsors/me", GetMyself)
            .WithTags("Sponsors")
            .WithName("GetMySponsor")
            .WithSummary("The active sponsor whose identifier is the token's subject; 404 when there is none.")
            .RequireAuthorization(Roles.Sponsor);
        return app;
    }

    public static async Task<Results<Ok<SponsorSelfResponse>, NotFound<ProblemDetails>>> GetMyself(CurrentActor actor, FundingDbContext db, CancellationToken ct)
    {
        var sponsor = (await db.Database.SqlQuery<SponsorSelfResponse>($"""
            SELECT id AS "Id", type AS "Type", identifier AS "Identifier", name AS "Name" FROM sponsors WHERE identifier = {actor.Subject} AND active
            """).ToListAsync(ct)).SingleOrDefault();
        return sponsor is null
            ? TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Sponsor not found.", Detail = "No active sponsor has this token's subject as its identifier." })
            : TypedResults.Ok(sponsor);
    }
}
