using PijarSemar.Contracts;

namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// A sponsor to register. <c>type</c> is Asn, Pppk or Company; <c>identifier</c> is the NIP
/// (18 digits) of a civil servant or the NIB (13 digits) of a company; <c>unit</c>, the working
/// unit (OPD), is required for civil servants.
/// </summary>
public sealed record CreateSponsorRequest(string? Type, string? Identifier, string? Name, string? Unit);

/// <summary>A sponsor as the API shows it; also the before/after snapshot of its audit entries.</summary>
public sealed record SponsorResponse(
    Guid Id, string Type, string Identifier, string Name, string? Unit, bool Active, long Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// One allocation a sponsor pays for: the worker, the months it covers (<c>endPeriod</c> inclusive;
/// the month before <c>startPeriod</c> when it never took effect), and what those months cost at
/// the tariff in force in each. <c>expectedContribution</c> is null while a covered month has no
/// tariff known to Funding yet.
/// </summary>
public sealed record SponsorshipResponse(
    Guid AllocationId, Guid WorkerId, Guid FundingSourceId, string SourceType, Period StartPeriod, Period EndPeriod,
    string Status, string? EndReason, int MonthsCovered, Rupiah? ExpectedContribution);

/// <summary>The answer of a roster import: what it did, and every rejected row with its reasons.</summary>
public sealed record RosterImportResponse(
    Guid ImportId, int Rows, int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<RosterRejectedRow> RejectedRows);

/// <summary>A row of the roster file (1 is the header) that was not imported, and why.</summary>
public sealed record RosterRejectedRow(int Row, IReadOnlyList<RosterRejectedField> Errors);

public sealed record RosterRejectedField(string Field, string Reason);

/// <summary>
/// The ASN Peduli mandate in one month: every civil servant sponsors at least one worker. Counts
/// per unit, and the civil servants with no allocation active in <c>period</c>, a page at a time.
/// </summary>
public sealed record ComplianceReport(
    Period Period, UnitCompliance Total, IReadOnlyList<UnitCompliance> Units, IReadOnlyList<NonSponsoringCivilServant> Items, string? NextCursor);

/// <summary>Civil servants of a unit (all units in <see cref="ComplianceReport.Total"/>), those sponsoring and those not.</summary>
public sealed record UnitCompliance(string? Unit, int CivilServants, int Sponsoring, int NotSponsoring);

public sealed record NonSponsoringCivilServant(Guid SponsorId, string Type, string Nip, string Name, string Unit);
