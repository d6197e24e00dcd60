using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Workflow;

/// <summary>What the audit log keeps of a claim before and after a move.</summary>
public sealed record ClaimStatusSnapshot(
    string Status, long Version, DateTimeOffset StatusChangedAt, DateTimeOffset? ClosedAt, long? ApprovedAmount, long? PaidAmount, string? Note)
{
    /// <summary>The claim as it stands, with the note of the move that brought it there.</summary>
    public static ClaimStatusSnapshot Of(Claim claim) => new(
        claim.Status, claim.Version, claim.StatusChangedAt, claim.ClosedAt, claim.ApprovedAmount, claim.PaidAmount,
        claim.Transitions.OrderBy(t => t.Seq).LastOrDefault()?.Note);
}

/// <summary>
/// Applies one move to a claim: the claim's new status, its history row, the audit entry and the
/// events (ClaimStatusChanged; WorkerDeathConfirmed when a JKM claim is approved) in one
/// transaction, or nothing at all.
/// </summary>
public sealed class ClaimTransitions(ClaimsDbContext db, TimeProvider clock)
{
    public const string AuditEntityType = "claim";

    public async Task<Claim> MoveAsync(Guid id, string to, string? note, long? amount, string actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claim = await db.LoadForUpdateAsync(id, ct)
            ?? throw new NotFoundException("Claim not found.", $"No claim has id {id}.");
        var before = ClaimStatusSnapshot.Of(claim);
        var now = SemarangTime.Now(clock);
        var transition = claim.MoveTo(to, note, amount, actor, now);

        db.AddEvent(new ClaimStatusChanged(claim.Id, claim.WorkerId, claim.Type, before.Status, to, amount, now, claim.Version), clock);
        if (claim.Type == ClaimType.Jkm && to == ClaimStatus.Approved)
        {
            // BPJS Ketenagakerjaan approving a death benefit is the city's confirmation of the death.
            db.AddEvent(new WorkerDeathConfirmed(claim.WorkerId, claim.IncidentDate, claim.Id), clock);
        }

        db.Audit(AuditEntityType, claim.Id, transition.ToStatus, actor, now, before, ClaimStatusSnapshot.Of(claim));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DatabaseErrors.Find(e) is { ConstraintName: "claim_transitions_pkey" })
        {
            // The row lock makes this rare: it is a writer that changed the claim without taking it.
            throw new ConflictException(
                "Claim changed meanwhile.",
                $"Claim {id} was changed by another request at the same time; read it again and retry.",
                new Dictionary<string, object?> { ["from"] = before.Status, ["to"] = to });
        }

        await transaction.CommitAsync(ct);
        return claim;
    }
}
