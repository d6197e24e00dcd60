namespace PijarSemar.Claims.Domain;

public sealed partial class Claim
{
    /// <summary>
    /// A new claim, Submitted, with its first transition (seq 1), one missing checklist line per
    /// document its type needs, and Billing's first answer on coverage (Unknown when Billing could
    /// not be asked; <paramref name="rechecks"/> says when it is asked again).
    /// </summary>
    public static Claim File(
        Guid workerId,
        string type,
        DateOnly incidentDate,
        string description,
        string? location,
        string reportedBy,
        string? kecamatan,
        string filedBy,
        DateTimeOffset at,
        CoverageAnswer coverage,
        CoverageRecheckPolicy rechecks)
    {
        var claim = new Claim
        {
            Id = Guid.CreateVersion7(at),
            WorkerId = workerId,
            Type = type,
            Status = ClaimStatus.Submitted,
            IncidentDate = incidentDate,
            Description = description,
            Location = location,
            ReportedBy = reportedBy,
            Kecamatan = kecamatan,
            FiledBy = filedBy,
            SubmittedAt = at,
            StatusChangedAt = at,
            Version = 1,
        };
        claim._transitions.Add(ClaimTransition.Create(claim.Id, 1, null, ClaimStatus.Submitted, null, null, filedBy, at));
        claim._documents.AddRange(DocumentChecklist.For(type).Select(document => ClaimDocument.Missing(claim.Id, document.Code)));
        claim.RecordCoverage(coverage, filedBy, at, rechecks);
        return claim;
    }
}
