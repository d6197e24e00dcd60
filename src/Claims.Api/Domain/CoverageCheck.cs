namespace PijarSemar.Claims.Domain;

/// <summary>One time Billing was asked about coverage at a claim's incident date, answered or not.</summary>
public sealed class CoverageCheck
{
    public long Id { get; private set; }
    public Guid ClaimId { get; private set; }
    public DateTimeOffset CheckedAt { get; private set; }
    public string CheckedBy { get; private set; } = "";
    public string Status { get; private set; } = "";
    public DateOnly? Period { get; private set; }
    public Guid? InvoiceId { get; private set; }
    public Guid? FundingSourceId { get; private set; }
    public Guid? SponsorId { get; private set; }

    /// <summary>Why Billing gave no answer; set exactly when <see cref="Status"/> is Unknown.</summary>
    public string? Failure { get; private set; }

    public static CoverageCheck Create(
        Guid claimId, DateTimeOffset at, string by, string status, DateOnly? period, Guid? invoiceId, Guid? fundingSourceId, Guid? sponsorId, string? failure) => new()
    {
        ClaimId = claimId,
        CheckedAt = at,
        CheckedBy = by,
        Status = status,
        Period = period,
        InvoiceId = invoiceId,
        FundingSourceId = fundingSourceId,
        SponsorId = sponsorId,
        Failure = failure,
    };
}
