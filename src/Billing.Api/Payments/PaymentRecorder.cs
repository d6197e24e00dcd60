using PijarSemar.ServiceDefaults.Time;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PijarSemar.Billing.Coverage;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Billing.Payments;

/// <summary>
/// Records a payment against an invoice. The invoice row is locked (<c>FOR UPDATE</c>) while the
/// reference and the remaining amount are checked, and the payment, the invoice's paid total and
/// status, the event and the audit entry commit together, so concurrent payments of one invoice
/// are decided one after another and never overpay it. The reference is unique in the table: the
/// same reference again is the same payment (200), whichever invoice a concurrent request locked.
/// </summary>
public sealed class PaymentRecorder(BillingDbContext db, TimeProvider clock)
{
    public const int MaxReferenceLength = 100;

    private const string ReferenceConstraint = "payments_reference_key";

    /// <summary>The payment and whether this call recorded it (false: the reference was already recorded with the same invoice and amount).</summary>
    public async Task<(PaymentResponse Payment, bool Created)> RecordAsync(Guid invoiceId, RecordPaymentRequest request, string actor, CancellationToken ct)
    {
        var (amount, paidAt, reference) = Validate(request);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invoice = (await db.Database.SqlQuery<InvoiceRow>($"""
            SELECT id AS "Id", period AS "Period", total AS "Total", paid AS "Paid", status AS "Status", version AS "Version"
            FROM invoices WHERE id = {invoiceId} FOR UPDATE
            """).ToListAsync(ct)).SingleOrDefault()
            ?? throw new NotFoundException("Invoice not found.", $"No invoice has id {invoiceId}.");

        if (await FindAsync(reference, ct) is { } existing)
        {
            return (SameOrConflict(existing, invoiceId, amount), false);
        }

        if (invoice.Paid + amount > invoice.Total)
        {
            throw new BusinessRuleException(
                "Overpayment.", $"Invoice {invoiceId} has {invoice.Total - invoice.Paid} rupiah outstanding of {invoice.Total}; a payment of {amount} would overpay it (amount).");
        }

        var payment = new PaymentResponse(
            Guid.CreateVersion7(clock.GetUtcNow()), invoiceId, Period.FromDate(invoice.Period).ToString(), amount, paidAt, reference,
            invoice.Paid + amount, invoice.Paid + amount == invoice.Total ? "Paid" : "PartiallyPaid", clock.GetUtcNow());
        if (!await TryInsertAsync(payment, actor, ct))
        {
            // A concurrent request with this reference committed first, on another invoice.
            await transaction.RollbackAsync(ct);
            var recorded = await FindAsync(reference, ct)
                ?? throw new InvalidOperationException("A payment reference violated uniqueness but cannot be read back.");
            return (SameOrConflict(recorded, invoiceId, amount), false);
        }

        await db.Database.ExecuteSqlAsync(
            $"UPDATE invoices SET paid = {payment.InvoicePaid}, status = {payment.InvoiceStatus}, version = version + 1 WHERE id = {invoiceId}", ct);
        db.AddEvent(new ContributionPaymentRecorded(
            payment.Id, invoiceId, Period.FromDate(invoice.Period), amount, reference, payment.InvoicePaid, payment.InvoiceStatus,
            invoice.Version + 1, payment.RecordedAt), clock);
        db.Audit("payment", payment.Id, "Recorded", actor, payment.RecordedAt, null, payment);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (payment, true);
    }

    /// <summary>Field rules, checked before anything is read: every failing field is named at once.</summary>
    public (long Amount, DateOnly PaidAt, string Reference) Validate(RecordPaymentRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Amount is not > 0)
        {
            errors["amount"] = ["Amount is required: a whole number of rupiah above 0."];
        }

        var today = SemarangTime.Today(clock);
        if (request.PaidAt is null)
        {
            errors["paidAt"] = ["Paid at is required (yyyy-MM-dd)."];
        }
        else if (request.PaidAt > today)
        {
            errors["paidAt"] = [$"Paid at cannot be after today ({today:yyyy-MM-dd}, Asia/Jakarta)."];
        }

        var reference = request.Reference?.Trim() ?? "";
        if (reference.Length is 0 or > MaxReferenceLength)
        {
            errors["reference"] = [$"Reference is required, at most {MaxReferenceLength} characters."];
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : (request.Amount!.Value, request.PaidAt!.Value, reference);
    }

    private async Task<bool> TryInsertAsync(PaymentResponse payment, string actor, CancellationToken ct)
    {
        try
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO payments (id, invoice_id, reference, amount, paid_at, recorded_by, recorded_at)
                VALUES ({payment.Id}, {payment.InvoiceId}, {payment.Reference}, {payment.Amount}, {payment.PaidAt}, {actor}, {payment.RecordedAt})
                """, ct);
            return true;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ReferenceConstraint })
        {
            return false;
        }
    }

    private static PaymentResponse SameOrConflict(PaymentResponse existing, Guid invoiceId, long amount) =>
        existing.InvoiceId == invoiceId && existing.Amount == amount
            ? existing
            : throw new ConflictException(
                "Reference already used.",
                $"Reference {existing.Reference} is already recorded for another payment (invoice {existing.InvoiceId}, {existing.Amount} rupiah).",
                new Dictionary<string, object?> { ["paymentId"] = existing.Id });

    private async Task<PaymentResponse?> FindAsync(string reference, CancellationToken ct) =>
        (await db.Database.SqlQuery<PaymentRow>($"""
            SELECT p.id AS "Id", p.invoice_id AS "InvoiceId", i.period AS "Period", p.amount AS "Amount", p.paid_at AS "PaidAt",
                   p.reference AS "Reference", i.paid AS "InvoicePaid", i.status AS "InvoiceStatus", p.recorded_at AS "RecordedAt"
            FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.reference = {reference}
            """).ToListAsync(ct))
        .Select(p => new PaymentResponse(
            p.Id, p.InvoiceId, Period.FromDate(p.Period).ToString(), p.Amount, p.PaidAt, p.Reference, p.InvoicePaid, p.InvoiceStatus, p.RecordedAt))
        .SingleOrDefault();

    private sealed record InvoiceRow(Guid Id, DateOnly Period, long Total, long Paid, string Status, long Version);

    private sealed record PaymentRow(
        Guid Id, Guid InvoiceId, DateOnly Period, long Amount, DateOnly PaidAt, string Reference, long InvoicePaid, string InvoiceStatus, DateTimeOffset RecordedAt);
}
