namespace PijarSemar.Contracts.Billing;

/// <summary>
/// A payment against an invoice: <see cref="Amount"/> whole rupiah, paid on <see cref="PaidAt"/>,
/// under the bank's or BPJS's <see cref="Reference"/> (the same reference again is the same payment).
/// </summary>
public sealed record RecordPaymentRequest(long? Amount, DateOnly? PaidAt, string? Reference);

/// <summary>A recorded payment; <see cref="InvoicePaid"/> and <see cref="InvoiceStatus"/> are the invoice's after it.</summary>
public sealed record PaymentResponse(
    Guid Id, Guid InvoiceId, string Period, long Amount, DateOnly PaidAt, string Reference,
    long InvoicePaid, string InvoiceStatus, DateTimeOffset RecordedAt);

/// <summary>What became of one row of a payment file: Matched (recorded), Duplicate (the reference was already recorded) or Unmatched, with the reason.</summary>
public sealed record PaymentFileRow(int Row, string? Invoice, string? Reference, string Outcome, Guid? PaymentId, string? Reason);

/// <summary>A reconciliation report: counts per outcome and every row.</summary>
public sealed record PaymentFileReport(int Matched, int Duplicate, int Unmatched, IReadOnlyList<PaymentFileRow> Rows);
