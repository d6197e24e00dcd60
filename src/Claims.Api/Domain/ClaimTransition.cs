namespace PijarSemar.Claims.Domain;

/// <summary>One step of a claim's history; the first (Seq 1) is its filing as Submitted.</summary>
public sealed class ClaimTransition
{
    public Guid ClaimId { get; private set; }
    public int Seq { get; private set; }
    public string? FromStatus { get; private set; }
    public string ToStatus { get; private set; } = "";
    public string? Note { get; private set; }
    public long? Amount { get; private set; }
    public string Actor { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    public static ClaimTransition Create(Guid claimId, int seq, string? from, string to, string? note, long? amount, string actor, DateTimeOffset at) => new()
    {
        ClaimId = claimId,
        Seq = seq,
        FromStatus = from,
        ToStatus = to,
        Note = note,
        Amount = amount,
        Actor = actor,
        At = at,
    };
}
