using PijarSemar.Contracts;

namespace PijarSemar.Billing.Invoices;

/// <summary>The filters of the invoice list; all optional, combined with AND.</summary>
public sealed record InvoiceSearch(string? Period, Guid? FundingSourceId, Guid? SponsorId, string? Status, string? Cursor, int? Limit);

/// <summary>
/// An invoice: <see cref="SponsorId"/> is the payer for Asn and Csr sources, null for Apbd and
/// Dbhcht (the source pays). <see cref="Outstanding"/> is <see cref="Total"/> less <see cref="Paid"/>.
/// </summary>
public sealed record InvoiceResponse(
    Guid Id,
    Guid RunId,
    Period Period,
    Guid FundingSourceId,
    string SourceType,
    Guid? SponsorId,
    int LineCount,
    Rupiah Total,
    Rupiah Paid,
    Rupiah Outstanding,
    string Status,
    long Version,
    DateTimeOffset IssuedAt);

/// <summary>A worker billed on an invoice; names and NIKs stay in the registry.</summary>
public sealed record InvoiceLineResponse(Guid WorkerId, Period Period, Guid AllocationId, Rupiah Amount);

internal static class InvoiceMapping
{
    public static InvoiceResponse ToResponse(this Invoice i) => new(
        i.Id,
        i.RunId,
        Period.FromDate(i.Period),
        i.FundingSourceId,
        i.SourceType,
        i.SponsorId,
        i.LineCount,
        new Rupiah(i.Total),
        new Rupiah(i.Paid),
        new Rupiah(i.Total - i.Paid),
        i.Status,
        i.Version,
        i.IssuedAt);

    public static InvoiceLineResponse ToResponse(this InvoiceLine l) =>
        new(l.WorkerId, Period.FromDate(l.Period), l.AllocationId, new Rupiah(l.Amount));
}
