using PijarSemar.ServiceDefaults.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Billing.Coverage;

public static class CoverageApi
{
    public static IEndpointRouteBuilder MapCoverageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/coverage/{workerId:guid}", GetCoverage)
            .WithTags("Coverage")
            .WithName("GetCoverage")
            .WithSummary("Whether a worker was protected on a date (yyyy-MM-dd, default today in Asia/Jakarta): Covered (billed and paid), PendingPayment (billed, unpaid, within the 3-month arrears window), Lapsed, or NotCovered (not billed), with the period, invoice and payer.")
            .RequireAuthorization(Policies.CoverageRead);

        app.MapPost("/api/v1/coverage-lapses/runs", RunLapseCheck)
            .WithTags("Coverage")
            .WithName("RunLapseCheck")
            .WithSummary("Run the daily lapse check now: every worker whose unpaid months passed the arrears window is recorded as lapsed and CoverageLapsed is published, once per worker and lapse.")
            .RequireAuthorization(Roles.Finance);

        return app;
    }

    public static async Task<Ok<CoverageResponse>> GetCoverage(
        Guid workerId, string? date, BillingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var day = string.IsNullOrWhiteSpace(date) ? SemarangTime.Today(clock)
            : DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", out var parsed) && parsed.Year is >= Period.MinYear and <= Period.MaxYear ? parsed
            : throw RequestValidationException.For("date", "Date is written yyyy-MM-dd.");
        var asked = Period.FromDate(day);
        var month = asked.FirstDay;
        var billed = (await db.Database.SqlQuery<BilledRow>($"""
                SELECT l.period AS "Period", i.id AS "InvoiceId", i.funding_source_id AS "FundingSourceId", i.sponsor_id AS "SponsorId",
                       i.status = 'Paid' AS "Paid"
                FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
                WHERE l.worker_id = {workerId} AND l.period <= {month}
                ORDER BY l.period DESC
                """).ToListAsync(ct))
            .Select(r => new BilledMonth(Period.FromDate(r.Period), r.InvoiceId, r.FundingSourceId, r.SponsorId, r.Paid))
            .ToList();
        var (status, line) = CoverageRules.Decide(billed, asked, SemarangTime.CurrentPeriod(clock));
        return TypedResults.Ok(new CoverageResponse(workerId, day, asked.ToString(), status, line?.InvoiceId, line?.FundingSourceId, line?.SponsorId));
    }

    public static async Task<Ok<LapseRunResponse>> RunLapseCheck(LapseCheck lapses, CancellationToken ct) =>
        TypedResults.Ok(await lapses.RunAsync(ct));

    private sealed record BilledRow(DateOnly Period, Guid InvoiceId, Guid FundingSourceId, Guid? SponsorId, bool Paid);
}
