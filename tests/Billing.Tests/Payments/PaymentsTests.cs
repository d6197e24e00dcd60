using System.Net;
using System.Net.Http.Json;
using PijarSemar.Billing.Tests.Payments;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Billing.Tests.Payments;

public sealed class PaymentsTests(BillingFixture billing) : IClassFixture<BillingFixture>
{
    private static readonly Period March = new(2026, 3);
    private static readonly DateOnly PaidAt = new(2026, 4, 2);

    private Task<Guid> InvoiceOfTwoWorkersAsync(Period? period = null) =>
        BilledInvoices.IssueAsync(billing.ConnectionString, period ?? March, [Guid.CreateVersion7(), Guid.CreateVersion7()]);

    private Task<HttpResponseMessage> PayAsync(Guid invoiceId, long amount, string reference, string role = Roles.Finance) =>
        billing.ClientAs(role).PostAsJsonAsync($"/api/v1/invoices/{invoiceId}/payments", new RecordPaymentRequest(amount, PaidAt, reference));

    private Task<long> CountAsync(string sql, Guid invoiceId) => billing.ScalarAsync<long>(sql, ("id", invoiceId));

    [Fact]
    public async Task The_same_reference_twice_is_one_payment()
    {
        var invoiceId = await InvoiceOfTwoWorkersAsync();

        var first = await PayAsync(invoiceId, 10_000, "BNI-0001");
        var again = await PayAsync(invoiceId, 10_000, "BNI-0001", Roles.BpjsIntegration);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var recorded = await first.Content.ReadFromJsonAsync<PaymentResponse>();
        var repeated = await again.Content.ReadFromJsonAsync<PaymentResponse>();
        Assert.Equal(recorded!.Id, repeated!.Id);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM payments WHERE invoice_id = @id", invoiceId));
        Assert.Equal(10_000, await CountAsync("SELECT paid FROM invoices WHERE id = @id", invoiceId));
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%ContributionPaymentRecorded%' AND payload->>'invoiceId' = @id::text", invoiceId));
    }

    [Fact]
    public async Task A_used_reference_with_another_amount_or_invoice_is_409()
    {
        var invoiceId = await InvoiceOfTwoWorkersAsync();
        var other = await InvoiceOfTwoWorkersAsync(new Period(2026, 2));
        await PayAsync(invoiceId, 10_000, "BNI-0002");

        var otherAmount = await PayAsync(invoiceId, 12_000, "BNI-0002");
        var otherInvoice = await PayAsync(other, 10_000, "BNI-0002");

        Assert.Equal(HttpStatusCode.Conflict, otherAmount.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherInvoice.StatusCode);
        Assert.Equal(10_000, await CountAsync("SELECT paid FROM invoices WHERE id = @id", invoiceId));
        Assert.Equal(0, await CountAsync("SELECT paid FROM invoices WHERE id = @id", other));
    }

    [Fact]
    public async Task An_overpayment_is_refused_and_nothing_is_written()
    {
        var invoiceId = await InvoiceOfTwoWorkersAsync();
        await PayAsync(invoiceId, 30_000, "BNI-0003");

        var response = await PayAsync(invoiceId, 3_601, "BNI-0004");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM payments WHERE invoice_id = @id", invoiceId));
        Assert.Equal(30_000, await CountAsync("SELECT paid FROM invoices WHERE id = @id", invoiceId));
        Assert.Equal(1, await CountAsync(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%ContributionPaymentRecorded%' AND payload->>'invoiceId' = @id::text", invoiceId));
    }

    [Fact]
    public async Task A_partial_then_the_rest_makes_the_invoice_paid()
    {
        var invoiceId = await InvoiceOfTwoWorkersAsync();

        var partial = await (await PayAsync(invoiceId, 16_800, "BNI-0005")).Content.ReadFromJsonAsync<PaymentResponse>();
        var rest = await (await PayAsync(invoiceId, 16_800, "BNI-0006")).Content.ReadFromJsonAsync<PaymentResponse>();

        Assert.Equal("PartiallyPaid", partial!.InvoiceStatus);
        Assert.Equal(("Paid", 33_600L), (rest!.InvoiceStatus, rest.InvoicePaid));
        Assert.Equal(3, await CountAsync("SELECT version FROM invoices WHERE id = @id AND status = 'Paid'", invoiceId));
    }

    [Fact]
    public async Task Concurrent_payments_of_one_invoice_never_overpay_it()
    {
        var invoiceId = await InvoiceOfTwoWorkersAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PayAsync(invoiceId, 16_800, $"BNI-1{i}")));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(33_600, await CountAsync("SELECT sum(amount)::bigint FROM payments WHERE invoice_id = @id", invoiceId));
    }

    [Fact]
    public async Task Bad_fields_are_400_naming_each_and_nothing_is_written()
    {
        var invoiceId = await InvoiceOfTwoWorkersAsync();
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);

        var response = await billing.ClientAs(Roles.Finance).PostAsJsonAsync(
            $"/api/v1/invoices/{invoiceId}/payments", new RecordPaymentRequest(0, future, " "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Equal(["amount", "paidAt", "reference"], problem!.Errors.Keys.Order());
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM payments WHERE invoice_id = @id", invoiceId));
    }

    [Fact]
    public async Task An_unknown_invoice_is_404_and_an_operator_cannot_pay()
    {
        var unknown = await PayAsync(Guid.CreateVersion7(), 1_000, "BNI-0007");
        var operatorPays = await PayAsync(await InvoiceOfTwoWorkersAsync(), 1_000, "BNI-0008", Roles.Operator);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorPays.StatusCode);
    }
}
