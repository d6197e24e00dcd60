namespace PijarSemar.Claims.Domain;

/// <summary>A worker as the registry's events describe them: enough to date-check a claim and filter by kecamatan.</summary>
public sealed class ClaimWorker
{
    public Guid WorkerId { get; private set; }
    public string? Kecamatan { get; private set; }

    /// <summary>The registration day in Asia/Jakarta: no incident before it can be claimed.</summary>
    public DateOnly? RegisteredOn { get; private set; }

    /// <summary>The registry's status: Registered, Verified, Rejected or Deactivated.</summary>
    public string Status { get; private set; } = "";

    /// <summary>The date of death, when the registry deactivated the worker as Deceased.</summary>
    public DateOnly? DeceasedOn { get; private set; }

    /// <summary>The registry's version as of the newest event applied here; 0 when learnt by asking the registry.</summary>
    public long Version { get; private set; }
}
