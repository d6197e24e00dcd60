namespace PijarSemar.Contracts.Events;

/// <summary>
/// A payment of <see cref="Amount"/> rupiah against invoice <see cref="InvoiceId"/> for
/// <see cref="Period"/> was recorded under the bank's or BPJS's <see cref="Reference"/>.
/// <see cref="InvoicePaid"/> is the invoice's paid total after it and <see cref="InvoiceStatus"/>
/// its status (PartiallyPaid or Paid); <see cref="Version"/> is the invoice's version after the
/// payment, so a consumer keeps the highest. Carries no names or identifiers of people.
/// </summary>
public sealed record ContributionPaymentRecorded(
    Guid PaymentId,
    Guid InvoiceId,
    Period Period,
    long Amount,
    string Reference,
    long InvoicePaid,
    string InvoiceStatus,
    long Version,
    DateTimeOffset RecordedAt);
