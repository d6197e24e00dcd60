using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using PijarSemar.Claims.Apis;
using PijarSemar.Claims.Coverage;
using PijarSemar.Claims.Data;
using PijarSemar.Claims.Domain;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.ServiceDefaults.Time;

namespace PijarSemar.Claims.Filing;

/// <summary>
/// Files a claim: the rules on dates and the worker first (nothing is written when one refuses),
/// then Billing's answer on coverage (Unknown when Billing is down: the claim is filed all the same),
/// then the claim, its first transition, its checklist, its coverage check, its audit entry and
/// ClaimSubmitted in one SaveChanges.
/// </summary>
public sealed class ClaimFiling(
    ClaimsDbContext db,
    FilingWorkers workers,
    BillingCoverage coverage,
    IOptions<FilingOptions> filing,
    IOptions<CoverageOptions> rechecks,
    TimeProvider clock)
{
    /// <summary>Migration 0002's partial unique index: one open claim per worker, type and incident date.</summary>
    public const string OneOpenPerIncident = "claims_one_open_per_incident";

    public async Task<Claim> FileAsync(ValidFiling request, string officer, CancellationToken ct)
    {
        IncidentDateRules.CheckCalendar(request.Type, request.IncidentDate, SemarangTime.Today(clock), filing.Value.JkkClaimWindowYears);
        var worker = await workers.FindAsync(request.WorkerId, ct);
        IncidentDateRules.CheckWorker(request.WorkerId, request.IncidentDate, worker.Status, worker.RegisteredOn, await DiedOnAsync(worker, ct));
        await ThrowIfOpenAsync(request, ct);

        var answer = await coverage.AskAsync(request.WorkerId, request.IncidentDate, ct);
        var claim = Claim.File(
            request.WorkerId, request.Type, request.IncidentDate, request.Description, request.Location, request.ReportedBy,
            worker.Kecamatan, officer, SemarangTime.Now(clock), answer, rechecks.Value.Policy);
        db.Claims.Add(claim);
        db.AddEvent(new ClaimSubmitted(claim.Id, claim.WorkerId, claim.Type, claim.IncidentDate, claim.CoverageStatus, claim.SubmittedAt), clock);
        db.Audit("claim", claim.Id, "Filed", officer, claim.SubmittedAt, null, ClaimDetails.From(claim, clock));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.Find(e) is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: OneOpenPerIncident })
        {
            // Another officer filed the same incident between the check and the insert.
            db.ChangeTracker.Clear();
            await ThrowIfOpenAsync(request, ct);
            throw;
        }

        return claim;
    }

    /// <summary>
    /// The worker's death as Claims knows it: the registry's Deceased deactivation, or else the
    /// earliest incident date of an approved or paid JKM claim (approved before the registry's
    /// event came back).
    /// </summary>
    private async Task<DateOnly?> DiedOnAsync(ClaimWorker worker, CancellationToken ct)
    {
        var confirmedJkm = await db.Claims.AsNoTracking()
            .Where(c => c.WorkerId == worker.WorkerId && c.Type == ClaimType.Jkm
                        && (c.Status == ClaimStatus.Approved || c.Status == ClaimStatus.Paid))
            .OrderBy(c => c.IncidentDate)
            .Select(c => (DateOnly?)c.IncidentDate)
            .FirstOrDefaultAsync(ct);
        return (worker.DeceasedOn, confirmedJkm) switch
        {
            ({ } registry, { } claims) => registry < claims ? registry : claims,
            var (registry, claims) => registry ?? claims,
        };
    }

    private async Task ThrowIfOpenAsync(ValidFiling request, CancellationToken ct)
    {
        var open = await db.Claims.AsNoTracking()
            .Where(c => c.WorkerId == request.WorkerId && c.Type == request.Type && c.IncidentDate == request.IncidentDate
                        && c.Status != ClaimStatus.Paid && c.Status != ClaimStatus.Rejected)
            .Select(c => (Guid?)c.Id)
            .FirstOrDefaultAsync(ct);
        if (open is { } existing)
        {
            throw new ConflictException(
                "Claim already open.",
                $"Worker {request.WorkerId} already has an open {request.Type} claim {existing} for the incident on {request.IncidentDate:yyyy-MM-dd}.",
                new Dictionary<string, object?> { ["existingClaimId"] = existing });
        }
    }
}
