namespace PijarSemar.Claims.Domain;

/// <summary>
/// A JKK or JKM claim for one worker, from the report to Disnaker until the family is paid. Filing
/// lives in <c>Claim.Filing.cs</c>, coverage in <c>Claim.Coverage.cs</c>, the workflow in <c>Claim.Workflow.cs</c>.
/// </summary>
public sealed partial class Claim
{
    private readonly List<ClaimTransition> _transitions = [];
    private readonly List<ClaimDocument> _documents = [];
    private readonly List<CoverageCheck> _coverageChecks = [];

    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public Guid WorkerId { get; private set; }

    /// <summary><see cref="ClaimType.Jkk"/> or <see cref="ClaimType.Jkm"/>.</summary>
    public string Type { get; private set; } = "";

    /// <summary>One of <see cref="ClaimStatus"/>.</summary>
    public string Status { get; private set; } = "";
    public DateOnly IncidentDate { get; private set; }
    public string Description { get; private set; } = "";
    public string? Location { get; private set; }
    public string ReportedBy { get; private set; } = "";
    public string FiledBy { get; private set; } = "";
    public string? Kecamatan { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public long? ApprovedAmount { get; private set; }
    public long? PaidAmount { get; private set; }

    /// <summary>1 at filing, one more per transition: the order of this claim's ClaimStatusChanged events.</summary>
    public long Version { get; private set; }

    /// <summary>The latest answer on coverage at <see cref="IncidentDate"/>: one of <see cref="CoverageStatus"/>.</summary>
    public string CoverageStatus { get; private set; } = "";
    public DateOnly? CoveragePeriod { get; private set; }
    public Guid? CoverageInvoiceId { get; private set; }
    public Guid? CoverageFundingSourceId { get; private set; }
    public Guid? CoverageSponsorId { get; private set; }
    public DateTimeOffset CoverageCheckedAt { get; private set; }

    /// <summary>When the background check asks Billing again; null when the answer can no longer change the claim.</summary>
    public DateTimeOffset? CoverageRecheckAt { get; private set; }
    public int CoverageAttempts { get; private set; }

    public IReadOnlyList<ClaimTransition> Transitions => _transitions;
    public IReadOnlyList<ClaimDocument> Documents => _documents;
    public IReadOnlyList<CoverageCheck> CoverageChecks => _coverageChecks;

    public bool IsOpen => ClaimStatus.IsOpen(Status);
}
