using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.Billing.Exports;

/// <summary>
/// An invoice's lines as the CSV BPJS uploads: NIK, name, period, amount. Billing keeps no personal
/// data, so the file is streamed in chunks of <see cref="WorkerLookupRequest.MaxIds"/> lines, each
/// chunk's NIKs and names asked of Registry in one lookup; memory stays flat for 16,000-line invoices.
/// </summary>
public static class InvoiceLinesCsvApi
{
    public static IEndpointRouteBuilder MapInvoiceLinesCsvApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/invoices/{id:guid}/lines.csv", ExportLines)
            .WithTags("Invoices")
            .WithName("ExportInvoiceLinesCsv")
            .WithSummary("The invoice's lines as text/csv for the BPJS upload (nik, name, period, amount); cells that a spreadsheet would run as formulas are prefixed with '.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .RequireAuthorization(Policies.BpjsSettlement);
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExportLines(
        Guid id, HttpResponse response, BillingDbContext db, IRegistryClient registry, CancellationToken ct)
    {
        var period = (await db.Database.SqlQuery<DateOnly>($"SELECT period AS \"Value\" FROM invoices WHERE id = {id}").ToListAsync(ct)).SingleOrDefault();
        if (period == default)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Invoice not found.", detail: $"No invoice has id {id}.");
        }

        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"invoice-{id}.csv\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(SpreadsheetCsv.Record("nik", "name", "period", "amount"));
        var after = Guid.Empty;
        while (true)
        {
            var chunk = await db.Database.SqlQuery<LineRow>($"""
                SELECT worker_id AS "WorkerId", amount AS "Amount" FROM invoice_lines
                WHERE invoice_id = {id} AND worker_id > {after} ORDER BY worker_id LIMIT {WorkerLookupRequest.MaxIds}
                """).ToListAsync(ct);
            if (chunk.Count == 0)
            {
                break;
            }

            var identities = (await registry.LookupWorkersAsync([.. chunk.Select(l => l.WorkerId)], ct)).ToDictionary(w => w.Id);
            foreach (var line in chunk)
            {
                // A line whose worker Registry does not know cannot be uploaded; stopping beats a file with a blank NIK.
                var worker = identities.GetValueOrDefault(line.WorkerId)
                    ?? throw new InvalidOperationException($"Registry does not know worker {line.WorkerId} billed on invoice {id}.");
                await writer.WriteAsync(SpreadsheetCsv.Record(
                    worker.Nik, worker.FullName, Period.FromDate(period).ToString(), line.Amount.ToString(CultureInfo.InvariantCulture)));
            }

            await writer.FlushAsync(ct);
            after = chunk[^1].WorkerId;
        }

        return TypedResults.Empty;
    }

    private sealed record LineRow(Guid WorkerId, long Amount);
}
