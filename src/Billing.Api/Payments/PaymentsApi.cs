using PijarSemar.ServiceDefaults.Time;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PijarSemar.Billing.Coverage;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Billing.Payments;

public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/invoices/{id:guid}/payments", RecordPayment)
            .WithTags("Payments")
            .WithName("RecordPayment")
            .WithSummary("Record a payment of an invoice (partial or full). 201 when recorded; 200 with the same payment when the reference was already recorded with this invoice and amount; 409 when the reference belongs to another payment; 422 on overpayment, nothing written.")
            .WithIdempotency()
            .RequireAuthorization(Policies.BpjsSettlement);

        app.MapPost("/api/v1/payment-files", ReconcilePaymentFile)
            .WithTags("Payments")
            .WithName("ReconcilePaymentFile")
            .WithSummary("Apply a payment file (text/csv: invoice, amount, reference; paidAt in the query, default today) and report each row Matched, Duplicate or Unmatched with the reason. A file that cannot be read changes nothing.")
            .Accepts<string>("text/csv")
            .RequireAuthorization(Policies.BpjsSettlement);

        return app;
    }

    public static async Task<Results<Created<PaymentResponse>, Ok<PaymentResponse>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> RecordPayment(
        Guid id, RecordPaymentRequest request, PaymentRecorder payments, CurrentActor actor, CancellationToken ct)
    {
        var (payment, created) = await payments.RecordAsync(id, request, actor.Subject, ct);
        return created
            ? TypedResults.Created($"/api/v1/invoices/{id}/payments/{payment.Id}", payment)
            : TypedResults.Ok(payment);
    }

    public static async Task<Results<Ok<PaymentFileReport>, ValidationProblem>> ReconcilePaymentFile(
        HttpRequest request, [FromQuery] DateOnly? paidAt, PaymentReconciliation reconciliation, PaymentRecorder payments,
        CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            throw RequestValidationException.For("file", "Send the payment file as text/csv.");
        }

        if (request.ContentLength > PaymentFile.MaxBytes)
        {
            throw RequestValidationException.For("file", $"The file is larger than {PaymentFile.MaxBytes / (1024 * 1024)} MB; split it.");
        }

        var date = paidAt ?? SemarangTime.Today(clock);
        payments.Validate(new RecordPaymentRequest(1, date, "-"));
        var text = await ReadAtMostAsync(request.Body, PaymentFile.MaxBytes, ct);
        return TypedResults.Ok(await reconciliation.ApplyAsync(text, date, actor.Subject, ct));
    }

    private static async Task<string> ReadAtMostAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw RequestValidationException.For("file", $"The file is larger than {maxBytes / (1024 * 1024)} MB; split it.");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw RequestValidationException.For("file", "The file is not UTF-8 text.");
        }
    }
}
