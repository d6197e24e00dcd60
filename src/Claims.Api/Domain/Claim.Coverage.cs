namespace PijarSemar.Claims.Domain;

/// <summary>
/// What Billing said about coverage at an incident date, or why it said nothing: <see cref="Failure"/>
/// is set exactly when <see cref="Status"/> is Unknown.
/// </summary>
public sealed record CoverageAnswer(string Status, DateOnly? Period, Guid? InvoiceId, Guid? FundingSourceId, Guid? SponsorId, string? Failure)
{
    public bool IsKnown => Status != CoverageStatus.Unknown;

    public static CoverageAnswer Unknown(string failure) => new(CoverageStatus.Unknown, null, null, null, null, failure);
}

public sealed partial class Claim
{
    /// <summary>
    /// Whether asking Billing again could still change this claim: while it is open and coverage is
    /// Unknown, or PendingPayment before it is sent to BPJS (a payment may yet make it Covered).
    /// </summary>
    public bool CoverageMayChange =>
        IsOpen && (CoverageStatus == Domain.CoverageStatus.Unknown
                   || (CoverageStatus == Domain.CoverageStatus.PendingPayment && Status is ClaimStatus.Submitted or ClaimStatus.Verified));

    /// <summary>
    /// Keeps Billing's answer on the claim and in its check history, and plans the next check while
    /// the answer may still change. <see cref="CoverageAttempts"/> counts the unanswered checks in a
    /// row (the backoff), and starts again once Billing answers.
    /// </summary>
    public void RecordCoverage(CoverageAnswer answer, string by, DateTimeOffset at, CoverageRecheckPolicy policy)
    {
        _coverageChecks.Add(CoverageCheck.Create(
            Id, at, by, answer.Status, answer.Period, answer.InvoiceId, answer.FundingSourceId, answer.SponsorId, answer.Failure));
        CoverageStatus = answer.Status;
        CoveragePeriod = answer.Period;
        CoverageInvoiceId = answer.InvoiceId;
        CoverageFundingSourceId = answer.FundingSourceId;
        CoverageSponsorId = answer.SponsorId;
        CoverageCheckedAt = at;
        CoverageAttempts = answer.IsKnown ? 0 : CoverageAttempts + 1;
        CoverageRecheckAt = CoverageMayChange ? policy.NextCheck(CoverageStatus, CoverageAttempts, at) : null;
    }

    /// <summary>Nothing Billing says can change the claim any more (it is closed, or sent to BPJS as it stands).</summary>
    public void StopCoverageRechecks() => CoverageRecheckAt = null;
}
