using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Coverage;

/// <summary>The coverage columns of a claim, as the audit log keeps them before and after a check.</summary>
public sealed record CoverageSnapshot(
    string Status, DateOnly? Period, Guid? InvoiceId, Guid? FundingSourceId, Guid? SponsorId, DateTimeOffset CheckedAt, DateTimeOffset? NextCheckAt, int UnansweredInARow)
{
    public static CoverageSnapshot Of(Claim claim) => new(
        claim.CoverageStatus, claim.CoveragePeriod, claim.CoverageInvoiceId, claim.CoverageFundingSourceId, claim.CoverageSponsorId,
        claim.CoverageCheckedAt, claim.CoverageRecheckAt, claim.CoverageAttempts);
}

/// <summary>Asks Billing again about a filed claim and keeps the answer: the claim's columns, a check row and an audit entry, together.</summary>
public sealed class CoverageChecks(ClaimsDbContext db, BillingCoverage billing, IOptions<CoverageOptions> options, TimeProvider clock)
{
    /// <summary>The background check's actor in the audit log and the check history.</summary>
    public const string BackgroundActor = "system:coverage-recheck";

    /// <summary>An officer's "ask again now": the claim with its whole history, after the check.</summary>
    public async Task<Claim> CheckNowAsync(Guid claimId, string officer, CancellationToken ct)
    {
        var claim = await db.Claims
            .Include(c => c.Transitions).Include(c => c.Documents).Include(c => c.CoverageChecks)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == claimId, ct)
            ?? throw new NotFoundException("Claim not found.", $"No claim has id {claimId}.");
        if (!claim.IsOpen)
        {
            throw new ConflictException(
                "Claim is closed.", $"Claim {claimId} is {claim.Status}; its coverage can no longer change it.",
                new Dictionary<string, object?> { ["status"] = claim.Status });
        }

        var answer = await billing.AskAsync(claim.WorkerId, claim.IncidentDate, ct);
        Record(claim, answer, officer);
        await db.SaveChangesAsync(ct);
        return claim;
    }

    /// <summary>
    /// The background check of one claim it leased: asks Billing unless the answer can no longer
    /// change the claim, and keeps the answer. A transition that changed the claim meanwhile (its
    /// version) is read again and the same answer applied to it.
    /// </summary>
    public async Task RecheckAsync(Guid claimId, CancellationToken ct)
    {
        var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == claimId, ct);
        if (claim is null)
        {
            return;
        }

        if (!claim.CoverageMayChange)
        {
            claim.StopCoverageRechecks();
            await db.SaveChangesAsync(ct);
            return;
        }

        var answer = await billing.AskAsync(claim.WorkerId, claim.IncidentDate, ct);
        for (var attempt = 1; ; attempt++)
        {
            Record(claim, answer, BackgroundActor);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                claim = await db.Claims.FirstAsync(c => c.Id == claimId, ct);
            }
        }
    }

    private void Record(Claim claim, CoverageAnswer answer, string actor)
    {
        var now = SemarangTime.Now(clock);
        var before = CoverageSnapshot.Of(claim);
        claim.RecordCoverage(answer, actor, now, options.Value.Policy);
        db.Audit("claim", claim.Id, "CoverageChecked", actor, now, before, CoverageSnapshot.Of(claim));
    }
}
