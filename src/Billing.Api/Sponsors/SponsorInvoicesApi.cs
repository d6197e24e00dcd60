using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Billing.Sponsors;

/// <summary>An invoice as its sponsor sees it: what it owes for a month and what it has paid.</summary>
public sealed record SponsorInvoiceResponse(Guid Id, string Period, string SourceType, int LineCount, long Total, long Paid, string Status, DateTimeOffset IssuedAt);

/// <summary>
/// A sponsor's own invoices. Billing knows sponsors only by Funding's id, so the token's subject is
/// resolved to that id by Funding, with the sponsor's own token forwarded; every query then filters
/// on it, and another sponsor's invoice is a 404, indistinguishable from one that does not exist.
/// </summary>
public static class SponsorInvoicesApi
{
    private const string ListName = "sponsor-invoices";

    public static IEndpointRouteBuilder MapSponsorInvoicesApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/v1/sponsors/me/invoices").WithTags("Sponsors").RequireAuthorization(Roles.Sponsor);
        mine.MapGet("/", ListMine)
            .WithName("ListMyInvoices")
            .WithSummary("The calling sponsor's invoices, newest last; pass nextCursor back as cursor.");
        mine.MapGet("/{id:guid}", GetMine)
            .WithName("GetMyInvoice")
            .WithSummary("One of the calling sponsor's invoices; 404 for any other invoice.");
        return app;
    }

    public static async Task<Ok<Page<SponsorInvoiceResponse>>> ListMine(
        string? cursor, int? limit, HttpContext http, ISponsorClient sponsors, BillingDbContext db, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var after = KeysetPage.Position(cursor, ListName) ?? 0;
        var sponsorId = await SponsorIdAsync(http, sponsors, ct);
        var rows = await db.Database.SqlQuery<InvoiceRow>($"""
            SELECT seq AS "Seq", id AS "Id", period AS "Period", source_type AS "SourceType", line_count AS "LineCount",
                   total AS "Total", paid AS "Paid", status AS "Status", issued_at AS "IssuedAt"
            FROM invoices WHERE sponsor_id = {sponsorId} AND seq > {after} ORDER BY seq LIMIT {size + 1}
            """).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, size, ListName, r => r.ToResponse(), r => r.Seq));
    }

    public static async Task<Results<Ok<SponsorInvoiceResponse>, ProblemHttpResult>> GetMine(
        Guid id, HttpContext http, ISponsorClient sponsors, BillingDbContext db, CancellationToken ct)
    {
        var sponsorId = await SponsorIdAsync(http, sponsors, ct);
        var row = (await db.Database.SqlQuery<InvoiceRow>($"""
            SELECT seq AS "Seq", id AS "Id", period AS "Period", source_type AS "SourceType", line_count AS "LineCount",
                   total AS "Total", paid AS "Paid", status AS "Status", issued_at AS "IssuedAt"
            FROM invoices WHERE id = {id} AND sponsor_id = {sponsorId}
            """).ToListAsync(ct)).SingleOrDefault();
        return row is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Invoice not found.", detail: $"You have no invoice with id {id}.")
            : TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Guid> SponsorIdAsync(HttpContext http, ISponsorClient sponsors, CancellationToken ct)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        var sponsor = await sponsors.GetMyselfAsync(token, ct)
            ?? throw new NotFoundException("Sponsor not found.", "Funding has no active sponsor for this token.");
        return sponsor.Id;
    }

    private sealed record InvoiceRow(long Seq, Guid Id, DateOnly Period, string SourceType, int LineCount, long Total, long Paid, string Status, DateTimeOffset IssuedAt)
    {
        public SponsorInvoiceResponse ToResponse() =>
            new(Id, Contracts.Period.FromDate(Period).ToString(), SourceType, LineCount, Total, Paid, Status, IssuedAt);
    }
}
