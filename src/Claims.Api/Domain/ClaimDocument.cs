namespace PijarSemar.Claims.Domain;

/// <summary>One line of a claim's checklist: received (who, when, where it is kept) or still missing.</summary>
public sealed class ClaimDocument
{
    public Guid ClaimId { get; private set; }
    public string Code { get; private set; } = "";
    public DateTimeOffset? ReceivedAt { get; private set; }
    public string? ReceivedBy { get; private set; }
    public string? Reference { get; private set; }

    public bool Received => ReceivedAt is not null;

    public static ClaimDocument Missing(Guid claimId, string code) => new() { ClaimId = claimId, Code = code };

    public void MarkReceived(string reference, string by, DateTimeOffset at)
    {
        Reference = reference;
        ReceivedBy = by;
        ReceivedAt = at;
    }

    public void MarkMissing()
    {
        Reference = null;
        ReceivedBy = null;
        ReceivedAt = null;
    }
}
