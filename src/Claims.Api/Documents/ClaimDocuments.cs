using PijarSemar.Claims.Data;
using PijarSemar.Claims.Domain;
using PijarSemar.Claims.Workflow;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Documents;

/// <summary>One line of a claim's checklist as the audit log keeps it.</summary>
public sealed record DocumentSnapshot(string Code, bool Received, string? Reference, string? ReceivedBy, DateTimeOffset? ReceivedAt)
{
    public static DocumentSnapshot Of(Claim claim, string code) =>
        claim.Documents.SingleOrDefault(d => d.Code == code) is { } d
            ? new(code, d.Received, d.Reference, d.ReceivedBy, d.ReceivedAt)
            : new(code, false, null, null, null);
}

/// <summary>
/// Marks checklist documents received or missing, under the claim's row lock so that a claim is
/// never sent to BPJS Ketenagakerjaan while one of its documents is being taken back. A change
/// that changes nothing (the same reference again, a missing document marked missing) writes nothing.
/// </summary>
public sealed class ClaimDocuments(ClaimsDbContext db, TimeProvider clock)
{
    public Task<Claim> ReceiveAsync(Guid id, string code, string reference, string actor, CancellationToken ct) =>
        ChangeAsync(id, code, actor, (claim, canonical, now) =>
        {
            var action = claim.Documents.Any(d => d.Code == canonical && d.Received) ? "DocumentReplaced" : "DocumentReceived";
            return claim.ReceiveDocument(canonical, reference, actor, now) ? action : null;
        }, ct);

    public Task<Claim> MarkMissingAsync(Guid id, string code, string actor, CancellationToken ct) =>
        ChangeAsync(id, code, actor, (claim, canonical, _) => claim.MarkDocumentMissing(canonical) ? "DocumentMarkedMissing" : null, ct);

    /// <summary>Applies <paramref name="change"/>, which names the audit action, or returns null when it changed nothing.</summary>
    private async Task<Claim> ChangeAsync(
        Guid id, string code, string actor, Func<Claim, string, DateTimeOffset, string?> change, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claim = await db.LoadForUpdateAsync(id, ct)
            ?? throw new NotFoundException("Claim not found.", $"No claim has id {id}.");
        var canonical = claim.DocumentCode(code);
        var before = DocumentSnapshot.Of(claim, canonical);
        var now = SemarangTime.Now(clock);
        if (change(claim, canonical, now) is not { } action)
        {
            return claim;
        }

        db.Audit(ClaimTransitions.AuditEntityType, claim.Id, action, actor, now, before, DocumentSnapshot.Of(claim, canonical));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return claim;
    }
}
