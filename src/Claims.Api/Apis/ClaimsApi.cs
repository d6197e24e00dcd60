using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Claims.Apis;

public static class ClaimsApi
{
    /// <summary>Names this list in its cursors, so a cursor of another list is refused.</summary>
    private const string ListName = "claims";

    /// <summary>Longer than any kecamatan's name; a longer filter is a mistake, not a district.</summary>
    private const int MaxKecamatanLength = 100;

    // The checklist of each type, for counting missing documents in SQL rather than per claim in memory.
    private static readonly string[] JkkCodes = [.. DocumentChecklist.Jkk.Select(d => d.Code)];
    private static readonly string[] JkmCodes = [.. DocumentChecklist.Jkm.Select(d => d.Code)];

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder app)
    {
        var claims = app.MapGroup("/api/v1/claims").WithTags("Claims")
            .RequireAuthorization(Policies.ClaimsRead);

        claims.MapGet("/", ListClaims)
            .WithName("ListClaims")
            .WithSummary("Claims, oldest first, filtered by status, type, workerId, kecamatan (any case) and coverage, each with its days open, days in its status and missing documents; pass nextCursor back as cursor.");

        claims.MapGet("/{id:guid}", GetClaim)
            .WithName("GetClaim")
            .WithSummary("One claim with its coverage and every coverage check, its documents checklist, its transitions oldest first, days open and days in its status (Asia/Jakarta calendar days; a closed claim's stop when it closed).");
        return app;
    }

    public static async Task<Ok<Page<ClaimSummary>>> ListClaims(
        [AsParameters] ClaimSearch search, ClaimsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var size = KeysetPage.Limit(LimitOf(search.Limit));
        var after = KeysetPage.Position(search.Cursor, ListName) ?? 0;
        var query = db.Claims.AsNoTracking().Where(c => c.Seq > after);
        if (!string.IsNullOrWhiteSpace(search.Status))
        {
            var status = OneOf(ClaimStatus.All, search.Status, "status");
            query = query.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(search.Type))
        {
            var type = OneOf(ClaimType.All, search.Type, "type");
            query = query.Where(c => c.Type == type);
        }

        if (!string.IsNullOrWhiteSpace(search.WorkerId))
        {
            var worker = Guid.TryParse(search.WorkerId.Trim(), out var parsed)
                ? parsed
                : throw RequestValidationException.For("workerId", "workerId must be a worker id (a uuid).");
            query = query.Where(c => c.WorkerId == worker);
        }

        if (!string.IsNullOrWhiteSpace(search.Kecamatan))
        {
            var kecamatan = search.Kecamatan.Trim();
            if (kecamatan.Length > MaxKecamatanLength)
            {
                throw RequestValidationException.For("kecamatan", $"kecamatan must be at most {MaxKecamatanLength} characters.");
            }

            // PostgreSQL's lower(), as the index of migration 0005 folds the column; the string is never lowered in .NET.
            var folded = kecamatan.ToLowerInvariant();
#pragma warning disable CA1304, CA1311, CA1862
            query = query.Where(c => c.Kecamatan != null && c.Kecamatan.ToLower() == folded);
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (!string.IsNullOrWhiteSpace(search.Coverage))
        {
            var coverage = OneOf(CoverageStatus.All, search.Coverage, "coverage");
            query = query.Where(c => c.CoverageStatus == coverage);
        }

        var rows = await query
            .OrderBy(c => c.Seq)
            .Take(size + 1)
            .Select(c => new SummaryRow(
                c.Seq, c.Id, c.WorkerId, c.Type, c.Status, c.IncidentDate, c.Kecamatan, c.CoverageStatus,
                c.SubmittedAt, c.StatusChangedAt, c.ClosedAt,
                (c.Type == ClaimType.Jkk ? JkkCodes.Length : JkmCodes.Length)
                    - c.Documents.Count(d => d.ReceivedAt != null
                        && ((c.Type == ClaimType.Jkk && JkkCodes.Contains(d.Code)) || (c.Type == ClaimType.Jkm && JkmCodes.Contains(d.Code))))))
            .ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, size, ListName, row => row.ToSummary(clock), row => row.Seq));
    }

    public static async Task<Ok<ClaimDetails>> GetClaim(Guid id, ClaimsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        // Split: one join over transitions × documents × checks would multiply the rows.
        var claim = await db.Claims.AsNoTracking().AsSplitQuery()
            .Include(c => c.Transitions)
            .Include(c => c.Documents)
            .Include(c => c.CoverageChecks)
            .SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new NotFoundException("Claim not found.", $"There is no claim {id}.");
        return TypedResults.Ok(ClaimDetails.From(claim, clock));
    }

    /// <summary>The limit as a number; text that is not one is a 400 naming <c>limit</c>, like one out of range.</summary>
    private static int? LimitOf(string? limit) =>
        string.IsNullOrWhiteSpace(limit) ? null
            : int.TryParse(limit.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw RequestValidationException.For("limit", $"Limit must be a whole number between 1 and {KeysetPage.MaxLimit}.");

    /// <summary>The canonical spelling of <paramref name="value"/>; an unknown filter is a 400, not an empty page.</summary>
    private static string OneOf(IReadOnlyList<string> allowed, string value, string field) =>
        allowed.FirstOrDefault(a => string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw RequestValidationException.For(field, $"{field} must be one of {string.Join(", ", allowed)}.");

    private sealed record SummaryRow(
        long Seq, Guid Id, Guid WorkerId, string Type, string Status, DateOnly IncidentDate, string? Kecamatan, string CoverageStatus,
        DateTimeOffset SubmittedAt, DateTimeOffset StatusChangedAt, DateTimeOffset? ClosedAt, int MissingDocuments)
    {
        public ClaimSummary ToSummary(TimeProvider clock) => new(
            Id, WorkerId, Type, Status, IncidentDate, Kecamatan, CoverageStatus, SubmittedAt, StatusChangedAt, ClosedAt,
            ClaimAge.DaysBetween(SubmittedAt, ClosedAt, clock),
            ClaimAge.DaysBetween(StatusChangedAt, ClosedAt, clock),
            MissingDocuments);
    }
}
