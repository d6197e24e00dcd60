using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Billing.Reports;

/// <summary>
/// Finance's two reports, summed by the database from the invoices (whose totals are the sums of
/// their lines and whose paid amounts move with every payment): per period and payer, and the
/// budget burn of each funding source over a fiscal year (January to December).
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/reports").WithTags("Reports")
            .RequireAuthorization(Policies.BillingRead);

        reports.MapGet("/periods/{period}", PayersOfPeriod)
            .WithName("PeriodReport")
            .WithSummary("Billed, paid and outstanding rupiah per payer (funding source, and sponsor for Asn and Csr) for one period (yyyy-MM).");

        reports.MapGet("/budget-burn/{fiscalYear:int}", BudgetBurn)
            .WithName("BudgetBurnReport")
            .WithSummary("Billed, paid and outstanding rupiah per funding source over a fiscal year.");

        return app;
    }

    public static async Task<Ok<List<PayerPeriodReportRow>>> PayersOfPeriod(string period, BillingDbContext db, CancellationToken ct)
    {
        var month = Period.TryParse(period, out var parsed) ? parsed.FirstDay
            : throw RequestValidationException.For("period", $"Period is written yyyy-MM, from {Period.MinValue} to {Period.MaxValue}.");
        var rows = await db.Database.SqlQuery<PayerRow>($"""
            SELECT funding_source_id AS "FundingSourceId", source_type AS "SourceType", sponsor_id AS "SponsorId",
                   count(*)::int AS "Invoices", sum(total)::bigint AS "Billed", sum(paid)::bigint AS "Paid"
            FROM invoices WHERE period = {month}
            GROUP BY funding_source_id, source_type, sponsor_id
            ORDER BY source_type, funding_source_id, sponsor_id NULLS FIRST
            """).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new PayerPeriodReportRow(
            parsed.ToString(), r.FundingSourceId, r.SourceType, r.SponsorId, r.Invoices, r.Billed, r.Paid, r.Billed - r.Paid)).ToList());
    }

    public static async Task<Ok<List<BudgetBurnRow>>> BudgetBurn(int fiscalYear, BillingDbContext db, CancellationToken ct)
    {
        if (fiscalYear is < Period.MinYear or > Period.MaxYear)
        {
            throw RequestValidationException.For("fiscalYear", $"Fiscal year is between {Period.MinYear} and {Period.MaxYear}.");
        }

        var from = new Period(fiscalYear, 1).FirstDay;
        var to = new Period(fiscalYear, 12).FirstDay;
        var rows = await db.Database.SqlQuery<SourceRow>($"""
            SELECT funding_source_id AS "FundingSourceId", source_type AS "SourceType",
                   sum(total)::bigint AS "Billed", sum(paid)::bigint AS "Paid"
            FROM invoices WHERE period BETWEEN {from} AND {to}
            GROUP BY funding_source_id, source_type
            ORDER BY source_type, funding_source_id
            """).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => new BudgetBurnRow(fiscalYear, r.FundingSourceId, r.SourceType, r.Billed, r.Paid, r.Billed - r.Paid)).ToList());
    }

    private sealed record PayerRow(Guid FundingSourceId, string SourceType, Guid? SponsorId, int Invoices, long Billed, long Paid);

    private sealed record SourceRow(Guid FundingSourceId, string SourceType, long Billed, long Paid);
}
