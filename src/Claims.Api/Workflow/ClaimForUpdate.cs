using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Domain;

namespace PijarSemar.Claims.Workflow;

public static class ClaimForUpdate
{
    /// <summary>
    /// The claim with its history, checklist and coverage checks, its row locked until the
    /// caller's transaction ends: a transition, a document change and the coverage re-check on one
    /// claim then happen one after another, each seeing what the one before did (a claim cannot be
    /// sent to BPJS while a document is being marked missing). Null when no claim has the id.
    /// </summary>
    public static async Task<Claim?> LoadForUpdateAsync(this ClaimsDbContext db, Guid id, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A claim is locked for update only inside a transaction.");
        }

        var locked = await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM claims WHERE id = {id} FOR UPDATE").ToListAsync(ct);
        if (locked.Count == 0)
        {
            return null;
        }

        return await db.Claims
            .Include(c => c.Transitions)
            .Include(c => c.Documents)
            .Include(c => c.CoverageChecks)
            .AsSplitQuery()
            .SingleAsync(c => c.Id == id, ct);
    }
}
