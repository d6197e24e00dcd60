using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Apis;

/// <summary>A claim with its coverage, checklist and history: what every claim endpoint answers.</summary>
public sealed record ClaimDetails(
    Guid Id,
    Guid WorkerId,
    string Type,
    string Status,
    DateOnly IncidentDate,
    string Description,
    string? Location,
    string ReportedBy,
    string? Kecamatan,
    string FiledBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? ClosedAt,
    int DaysOpen,
    int DaysInCurrentStatus,
    long? ApprovedAmount,
    long? PaidAmount,
    long Version,
    ClaimCoverage Coverage,
    IReadOnlyList<ClaimDocumentLine> Documents,
    IReadOnlyList<ClaimTransitionLine> History)
{
    public static ClaimDetails From(Claim claim, TimeProvider clock) => new(
        claim.Id,
        claim.WorkerId,
        claim.Type,
        claim.Status,
        claim.IncidentDate,
        claim.Description,
        claim.Location,
        claim.ReportedBy,
        claim.Kecamatan,
        claim.FiledBy,
        claim.SubmittedAt,
        claim.StatusChangedAt,
        claim.ClosedAt,
        ClaimAge.DaysBetween(claim.SubmittedAt, claim.ClosedAt, clock),
        ClaimAge.DaysBetween(claim.StatusChangedAt, claim.ClosedAt, clock),
        claim.ApprovedAmount,
        claim.PaidAmount,
        claim.Version,
        ClaimCoverage.From(claim),
        [.. DocumentChecklist.For(claim.Type).Select(required => ClaimDocumentLine.From(required, claim.Documents.SingleOrDefault(d => d.Code == required.Code)))],
        [.. claim.Transitions.OrderBy(t => t.Seq).Select(t => new ClaimTransitionLine(t.Seq, t.FromStatus, t.ToStatus, t.Note, t.Amount, t.Actor, t.At))]);
}

/// <summary>
/// Coverage at the incident date as Billing last answered, with every check made. <see cref="Note"/>
/// explains an Unknown status: Billing could not be asked, and Claims keeps asking.
/// </summary>
public sealed record ClaimCoverage(
    string Status,
    string? Period,
    Guid? InvoiceId,
    Guid? FundingSourceId,
    Guid? SponsorId,
    DateTimeOffset CheckedAt,
    DateTimeOffset? NextCheckAt,
    string? Note,
    IReadOnlyList<CoverageCheckLine> Checks)
{
    public const string UnknownNote = "Billing could not be reached; coverage is checked again in the background.";

    public static ClaimCoverage From(Claim claim) => new(
        claim.CoverageStatus,
        claim.CoveragePeriod is { } period ? PijarSemar.Contracts.Period.FromDate(period).ToString() : null,
        claim.CoverageInvoiceId,
        claim.CoverageFundingSourceId,
        claim.CoverageSponsorId,
        claim.CoverageCheckedAt,
        claim.CoverageRecheckAt,
        claim.CoverageStatus == CoverageStatus.Unknown ? UnknownNote : null,
        [.. claim.CoverageChecks.OrderBy(c => c.Id).Select(c => new CoverageCheckLine(
            c.CheckedAt, c.CheckedBy, c.Status, c.Period is { } p ? PijarSemar.Contracts.Period.FromDate(p).ToString() : null, c.InvoiceId, c.Failure))]);
}

public sealed record CoverageCheckLine(DateTimeOffset CheckedAt, string CheckedBy, string Status, string? Period, Guid? InvoiceId, string? Failure);

public sealed record ClaimDocumentLine(string Code, string Name, bool Received, DateTimeOffset? ReceivedAt, string? ReceivedBy, string? Reference)
{
    public static ClaimDocumentLine From(RequiredDocument required, ClaimDocument? document) => new(
        required.Code, required.Name, document?.Received ?? false, document?.ReceivedAt, document?.ReceivedBy, document?.Reference);
}

public sealed record ClaimTransitionLine(int Seq, string? From, string To, string? Note, long? Amount, string Actor, DateTimeOffset At);

/// <summary>
/// One line of the claims list: where the claim stands and for how long, so a stuck claim stands
/// out without opening it. <see cref="MissingDocuments"/> counts the checklist documents not received yet.
/// </summary>
public sealed record ClaimSummary(
    Guid Id,
    Guid WorkerId,
    string Type,
    string Status,
    DateOnly IncidentDate,
    string? Kecamatan,
    string CoverageStatus,
    DateTimeOffset SubmittedAt,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? ClosedAt,
    int DaysOpen,
    int DaysInCurrentStatus,
    int MissingDocuments);

/// <summary>
/// The list's filters as the query string carries them: text, so a malformed value is a 400 naming
/// its field rather than a binding failure that names none.
/// </summary>
public sealed record ClaimSearch(
    string? Status, string? Type, string? WorkerId, string? Kecamatan, string? Coverage, string? Cursor, string? Limit);

/// <summary>
/// How long a claim has been open or in its status, in Semarang calendar days, so stuck claims
/// stand out. A closed claim's counts stop on the day it closed: it is no longer waiting for anyone.
/// </summary>
public static class ClaimAge
{
    /// <summary>Days from <paramref name="since"/> to <paramref name="closedAt"/>, or to today while the claim is open.</summary>
    public static int DaysBetween(DateTimeOffset since, DateTimeOffset? closedAt, TimeProvider clock)
    {
        var end = closedAt is { } closed ? SemarangTime.DateOf(closed) : SemarangTime.Today(clock);
        return Math.Max(0, end.DayNumber - SemarangTime.DateOf(since).DayNumber);
    }
}
