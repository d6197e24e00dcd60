using System.Net;
using System.Net.Http.Json;
using System.Text;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Billing.Tests.Payments;

public sealed class PaymentFileTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private Task<HttpResponseMessage> SendAsync(string csv) =>
        billing.ClientAs(Roles.BpjsIntegration).PostAsync("/api/v1/payment-files?paidAt=2026-04-05", new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task A_payment_file_reports_matched_duplicate_and_unmatched_rows()
    {
        var invoiceId = await BilledInvoices.IssueAsync(billing.ConnectionString, new Period(2026, 1), [Guid.CreateVersion7()]);
        var csv = $"""
            invoice,amount,reference
            {invoiceId},16800,BRI-01
            {invoiceId},16800,BRI-01
            {Guid.CreateVersion7()},16800,BRI-02
            {invoiceId},1,BRI-03
            not-an-invoice,5,BRI-04
            {invoiceId},-5,BRI-05
            """;

        var report = await (await SendAsync(csv)).Content.ReadFromJsonAsync<PaymentFileReport>();

        Assert.Equal((1, 1, 4), (report!.Matched, report.Duplicate, report.Unmatched));
        Assert.Equal(["Matched", "Duplicate", "Unmatched", "Unmatched", "Unmatched", "Unmatched"], report.Rows.Select(r => r.Outcome));
        Assert.Contains("No invoice", report.Rows[2].Reason, StringComparison.Ordinal);
        Assert.Contains("overpay", report.Rows[3].Reason, StringComparison.Ordinal);
        Assert.Equal("Paid", await billing.ScalarAsync<string>("SELECT status FROM invoices WHERE id = @id", ("id", invoiceId)));
        Assert.Equal(1, await billing.ScalarAsync<long>("SELECT count(*) FROM payments WHERE invoice_id = @id", ("id", invoiceId)));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_changes_nothing()
    {
        var invoiceId = await BilledInvoices.IssueAsync(billing.ConnectionString, new Period(2026, 2), [Guid.CreateVersion7()]);
        var csv = $"invoice,amount,reference\n{invoiceId},16800,BRI-10\n{invoiceId},1,\"BRI-11\n";

        var response = await SendAsync(csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Contains("file", problem!.Errors.Keys);
        Assert.Equal(0, await billing.ScalarAsync<long>("SELECT count(*) FROM payments WHERE invoice_id = @id", ("id", invoiceId)));
    }
}
