using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Claims.Apis;

public sealed record ClaimSummary(Guid Id, Guid WorkerId, string Type, string Status, DateOnly IncidentDate, DateTimeOffset SubmittedAt);

public static class ClaimsApi
{
    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/claims").WithTags("Claims")
            .MapGet("/", ListClaims)
            .WithName("ListClaims")
            .WithSummary("Claims, oldest first, filtered by status, type and worker; pass nextCursor back as cursor.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.ClaimsOfficer, Roles.Operator, Roles.Auditor));
        return app;
    }

    public static async Task<Ok<Page<ClaimSummary>>> ListClaims(
        ClaimsDbContext db, string? status, string? type, Guid? workerId, long? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var query = db.Claims.AsNoTracking().Where(c => c.Seq > (cursor ?? 0));
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(c => c.Status == status);
        }

        if (!string.IsNullOrEmpty(type))
        {
            query = query.Where(c => c.Type == type);
        }

        if (workerId is { } worker)
        {
            query = query.Where(c => c.WorkerId == worker);
        }

        var rows = await query.OrderBy(c => c.Seq).Take(size + 1).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(
            rows,
            size,
            c => new ClaimSummary(c.Id, c.WorkerId, c.Type, c.Status, c.IncidentDate, c.SubmittedAt),
            c => c.Seq.ToString(CultureInfo.InvariantCulture)));
    }
}
