using System.Globalization;
using PijarSemar.Contracts.Billing;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Billing.Payments;

/// <summary>
/// Applies a payment file row by row, each row a payment of its own (its own transaction): a bad
/// row never undoes the good ones, and sending the same file again reports every row Duplicate.
/// </summary>
public sealed class PaymentReconciliation(IServiceScopeFactory scopes)
{
    public const string Matched = "Matched";
    public const string Duplicate = "Duplicate";
    public const string Unmatched = "Unmatched";

    public async Task<PaymentFileReport> ApplyAsync(string text, DateOnly paidAt, string actor, CancellationToken ct)
    {
        var rows = PaymentFile.Parse(text);
        var report = new List<PaymentFileRow>(rows.Count);
        foreach (var (row, invoice, amountText, reference) in rows)
        {
            report.Add(await ApplyRowAsync(row, invoice, amountText, reference, paidAt, actor, ct));
        }

        return new PaymentFileReport(
            report.Count(r => r.Outcome == Matched), report.Count(r => r.Outcome == Duplicate), report.Count(r => r.Outcome == Unmatched), report);
    }

    private async Task<PaymentFileRow> ApplyRowAsync(int row, string invoice, string amountText, string reference, DateOnly paidAt, string actor, CancellationToken ct)
    {
        PaymentFileRow Unmatch(string reason) => new(row, invoice, reference, Unmatched, null, reason);
        if (!Guid.TryParse(invoice, out var invoiceId))
        {
            return Unmatch("The invoice is not an invoice id.");
        }

        if (!long.TryParse(amountText, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return Unmatch("The amount is not a whole number of rupiah above 0.");
        }

        // A fresh context per row: a failed row leaves nothing tracked behind for the next one.
        await using var scope = scopes.CreateAsyncScope();
        var rowRecorder = scope.ServiceProvider.GetRequiredService<PaymentRecorder>();
        try
        {
            var (payment, created) = await rowRecorder.RecordAsync(invoiceId, new RecordPaymentRequest(amount, paidAt, reference), actor, ct);
            return new PaymentFileRow(row, invoice, reference, created ? Matched : Duplicate, payment.Id, created ? null : "The reference was already recorded for this invoice and amount.");
        }
        catch (RequestValidationException e)
        {
            return Unmatch(string.Join(" ", e.Errors.SelectMany(f => f.Value)));
        }
        catch (NotFoundException e)
        {
            return Unmatch(e.Message);
        }
        catch (ConflictException e)
        {
            return Unmatch(e.Message);
        }
        catch (BusinessRuleException e)
        {
            return Unmatch(e.Message);
        }
    }
}
