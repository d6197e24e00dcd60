using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Claims.Apis;

public sealed record ClaimSummary(Guid Id, Guid WorkerId, string Type, string Status, DateOnly IncidentDate, DateTimeOffset SubmittedAt);

public static class ClaimsApi
{
    // As the claims table's CHECK constraints allow (migration 0001).
    private static readonly string[] Statuses = ["Submitted", "Verified", "SentToBpjs", "Approved", "Paid", "Rejected"];
    private static readonly string[] Types = ["Jkk", "Jkm"];

    /// <summary>Names this list in its cursors, so a cursor of another list is refused.</summary>
    private const string ListName = "claims";

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/claims").WithTags("Claims")
            .MapGet("/", ListClaims)
            .WithName("ListClaims")
            .WithSummary("Claims, oldest first, filtered by status, type and worker; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.ClaimsRead);
        return app;
    }

    public static async Task<Ok<Page<ClaimSummary>>> ListClaims(
        ClaimsDbContext db, string? status, string? type, Guid? workerId, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var after = KeysetPage.Position(cursor, ListName) ?? 0;
        var query = db.Claims.AsNoTracking().Where(c => c.Seq > after);
        if (!string.IsNullOrEmpty(status))
        {
            var known = OneOf(Statuses, status, "status");
            query = query.Where(c => c.Status == known);
        }

        if (!string.IsNullOrEmpty(type))
        {
            var known = OneOf(Types, type, "type");
            query = query.Where(c => c.Type == known);
        }

        if (workerId is { } worker)
        {
            query = query.Where(c => c.WorkerId == worker);
        }

        var rows = await query.OrderBy(c => c.Seq).Take(size + 1).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(
            rows,
            size,
            ListName,
            c => new ClaimSummary(c.Id, c.WorkerId, c.Type, c.Status, c.IncidentDate, c.SubmittedAt),
            c => c.Seq));
    }

    /// <summary>The canonical spelling of <paramref name="value"/>; an unknown filter is a 400, not an empty page.</summary>
    private static string OneOf(string[] allowed, string value, string field) =>
        allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw RequestValidationException.For(field, $"{field} must be one of {string.Join(", ", allowed)}.");
}
