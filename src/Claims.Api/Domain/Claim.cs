namespace PijarSemar.Claims.Domain;

/// <summary>A JKK or JKM claim for one worker.</summary>
public sealed class Claim
{
    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public Guid WorkerId { get; private set; }
    public string Type { get; private set; } = "";
    public string Status { get; private set; } = "";
    public DateOnly IncidentDate { get; private set; }
    public string Description { get; private set; } = "";
    public DateTimeOffset SubmittedAt { get; private set; }
}
