using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Billing.Invoices;

public static class InvoicesApi
{
    private const string ListName = "invoices";
    private static readonly string[] Statuses = ["Issued", "PartiallyPaid", "Paid"];

    public static IEndpointRouteBuilder MapInvoicesApi(this IEndpointRouteBuilder app)
    {
        var invoices = app.MapGroup("/api/v1/invoices").WithTags("Invoices")
            .RequireAuthorization(Policies.InvoicesRead);

        invoices.MapGet("/", ListInvoices)
            .WithName("ListInvoices")
            .WithSummary("Invoices in the order they were issued, filtered by period, fundingSourceId, sponsorId and status (Issued, PartiallyPaid, Paid); pass nextCursor back as cursor.");

        invoices.MapGet("/{id:guid}", GetInvoice)
            .WithName("GetInvoice")
            .WithSummary("One invoice with its total, paid and outstanding amounts.");

        invoices.MapGet("/{id:guid}/lines", ListInvoiceLines)
            .WithName("ListInvoiceLines")
            .WithSummary("The workers billed on an invoice, by worker id; pass nextCursor back as cursor.");
        return app;
    }

    public static async Task<Ok<Page<InvoiceResponse>>> ListInvoices(
        [AsParameters] InvoiceSearch search, BillingDbContext db, CancellationToken ct)
    {
        var limit = KeysetPage.Limit(search.Limit);
        var after = KeysetPage.Position(search.Cursor, ListName) ?? 0;
        var query = db.Set<Invoice>().AsNoTracking().Where(i => i.Seq > after);
        if (search.Period is not null)
        {
            var month = Period.TryParse(search.Period.Trim(), out var period)
                ? period.FirstDay
                : throw RequestValidationException.For("period", "The period is written yyyy-MM.");
            query = query.Where(i => i.Period == month);
        }

        if (search.FundingSourceId is { } sourceId)
        {
            query = query.Where(i => i.FundingSourceId == sourceId);
        }

        if (search.SponsorId is { } sponsorId)
        {
            query = query.Where(i => i.SponsorId == sponsorId);
        }

        if (search.Status is not null)
        {
            var status = Statuses.FirstOrDefault(s => s.Equals(search.Status.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw RequestValidationException.For("status", $"The status is one of {string.Join(", ", Statuses)}.");
            query = query.Where(i => i.Status == status);
        }

        var rows = await query.OrderBy(i => i.Seq).Take(limit + 1).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, limit, ListName, i => i.ToResponse(), i => i.Seq));
    }

    public static async Task<Ok<InvoiceResponse>> GetInvoice(Guid id, BillingDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await FindAsync(db, id, ct)).ToResponse());

    public static async Task<Ok<Page<InvoiceLineResponse>>> ListInvoiceLines(
        Guid id, BillingDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var list = $"invoice-lines:{id:N}";
        var invoice = await FindAsync(db, id, ct);
        // uuid order is PostgreSQL's (bytewise), not .NET's: the keyset comparison stays in SQL.
        var after = KeysetPage.Key(cursor, list) is { } key
            ? Guid.TryParseExact(key, "D", out var workerId) ? workerId : throw RequestValidationException.For(
                "cursor", "Cursor must be a nextCursor value from a previous page of this list.")
            : Guid.Empty;
        var rows = await db.Set<InvoiceLine>()
            .FromSql($"SELECT * FROM invoice_lines WHERE invoice_id = {invoice.Id} AND worker_id > {after} ORDER BY worker_id LIMIT {size + 1}")
            .AsNoTracking()
            .ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(
            rows, size, list, l => l.ToResponse(), l => l.WorkerId.ToString("D", CultureInfo.InvariantCulture)));
    }

    private static async Task<Invoice> FindAsync(BillingDbContext db, Guid id, CancellationToken ct) =>
        await db.Set<Invoice>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException("Invoice not found.", $"There is no invoice {id}.");
}
