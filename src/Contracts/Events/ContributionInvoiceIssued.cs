namespace PijarSemar.Contracts.Events;

/// <summary>
/// A billing run issued an invoice: <see cref="LineCount"/> workers funded by
/// <see cref="FundingSourceId"/> (and, for Asn and Csr sources, paid for by
/// <see cref="SponsorId"/>) are billed for <see cref="Period"/>, <see cref="Total"/> in all. One
/// event per invoice, never one per worker; the lines are read from Billing's API.
/// <see cref="Version"/> is the invoice's version (1 when issued). Carries no names or NIKs.
/// </summary>
public sealed record ContributionInvoiceIssued(
    Guid InvoiceId,
    Guid RunId,
    Period Period,
    Guid FundingSourceId,
    string SourceType,
    Guid? SponsorId,
    int LineCount,
    Rupiah Total,
    long Version,
    DateTimeOffset IssuedAt);
