using Microsoft.EntityFrameworkCore;
using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Funding;
using PijarSemar.Funding.Data;
using PijarSemar.Funding.Domain;
using PijarSemar.Funding.Tariffs;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Funding.Allocations;

/// <summary>
/// Creates and ends allocations. Creating locks the source's row (<c>SELECT … FOR UPDATE</c>) in
/// the transaction that counts the source's months, prices them and inserts, so allocations of one
/// source are decided one after another on every replica and the quota and budget hold however
/// many operators allocate at once. The exclusion constraint keeps one worker to one source a month.
/// </summary>
public sealed class AllocationService(
    FundingDbContext db, WorkerEligibility eligibility, TariffCopy tariffs, TimeProvider clock)
{
    public const int MaxReasonLength = 200;

    private const string OverlapConstraint = "allocations_no_overlap";

    public async Task<Allocation> CreateAsync(CreateAllocationRequest request, string actor, CancellationToken ct)
    {
        ThrowIfMissing(request);
        var workerId = request.WorkerId!.Value;
        var source = await db.FundingSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == request.FundingSourceId, ct)
            ?? throw new NotFoundException("Funding source not found.", $"No funding source has id {request.FundingSourceId} (fundingSourceId).");
        var (start, end) = MonthsWithinFiscalYear(request, source);
        await CheckSponsorAsync(source, request.SponsorId, ct);
        await eligibility.EnsureFundableAsync(workerId, ct);
        await EnsureTariffsAsync(source, start, end, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = (await db.FundingSources.FromSql($"SELECT * FROM funding_sources WHERE id = {source.Id} FOR UPDATE").AsNoTracking().ToListAsync(ct)).Single();
        var usage = (await SourceUsageQuery.LoadAsync(db, [locked], ct))[locked.Id];
        ThrowUnlessFits(usage.CheckAddition(start, end), locked);

        var now = clock.GetUtcNow();
        var allocation = Allocation.Create(workerId, locked, request.SponsorId, start, end, actor, now);
        db.Allocations.Add(allocation);
        db.AddEvent(allocation.ToAllocatedEvent(locked.FiscalYear), clock);
        db.Audit("allocation", allocation.Id, "Allocated", actor, now, null, allocation.ToResponse());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: OverlapConstraint })
        {
            db.ChangeTracker.Clear();
            await transaction.RollbackAsync(ct);
            throw await OverlapAsync(workerId, start, end, ct);
        }

        await transaction.CommitAsync(ct);
        return allocation;
    }

    /// <summary>Brings an allocation's end forward to <paramref name="lastMonth"/>, freeing its slot from the month after.</summary>
    public async Task<Allocation> EndAsync(Guid id, Period lastMonth, string reason, string actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var allocation = (await db.Allocations.FromSql($"SELECT * FROM allocations WHERE id = {id} FOR UPDATE").ToListAsync(ct)).SingleOrDefault()
            ?? throw new NotFoundException("Allocation not found.", $"No allocation has id {id}.");
        if (lastMonth >= allocation.EndPeriod)
        {
            throw allocation.Status == Allocation.EndedStatus
                ? new ConflictException("Allocation already ended.", $"Allocation {id} already ends with {allocation.EndPeriod}; an end can only be brought forward.")
                : RequestValidationException.For("endPeriod", $"End period must be before the allocation's current end, {allocation.EndPeriod}.");
        }

        if (lastMonth < allocation.StartPeriod.Previous())
        {
            throw RequestValidationException.For(
                "endPeriod", $"End period is at the earliest {allocation.StartPeriod.Previous()}, the month before the start: the allocation then never takes effect.");
        }

        var before = allocation.ToResponse();
        allocation.End(lastMonth, reason, actor, clock.GetUtcNow());
        db.AddEvent(allocation.ToEndedEvent(), clock);
        db.Audit("allocation", allocation.Id, "Ended", actor, allocation.EndedAt!.Value, before, allocation.ToResponse());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return allocation;
    }

    private static void ThrowIfMissing(CreateAllocationRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.WorkerId is null || request.WorkerId == Guid.Empty)
        {
            errors["workerId"] = ["Worker id is required."];
        }

        if (request.FundingSourceId is null || request.FundingSourceId == Guid.Empty)
        {
            errors["fundingSourceId"] = ["Funding source id is required."];
        }

        if (request.StartPeriod is null)
        {
            errors["startPeriod"] = ["Start period is required (yyyy-MM)."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    /// <summary>An allocation lies within its source's fiscal year; without an end it runs to December.</summary>
    private static (Period Start, Period End) MonthsWithinFiscalYear(CreateAllocationRequest request, FundingSource source)
    {
        var start = request.StartPeriod!.Value;
        var end = request.EndPeriod ?? new Period(source.FiscalYear, 12);
        var errors = new Dictionary<string, string[]>();
        if (start.Year != source.FiscalYear)
        {
            errors["startPeriod"] = [$"Start period must lie in the source's fiscal year {source.FiscalYear}."];
        }

        if (end.Year != source.FiscalYear)
        {
            errors["endPeriod"] = [$"End period must lie in the source's fiscal year {source.FiscalYear}."];
        }
        else if (end < start)
        {
            errors["endPeriod"] = ["End period cannot be before the start period."];
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : (start, end);
    }

    private async Task CheckSponsorAsync(FundingSource source, Guid? sponsorId, CancellationToken ct)
    {
        if (!SponsorRule.RequiresSponsor(source.Type))
        {
            if (sponsorId is not null)
            {
                throw RequestValidationException.For("sponsorId", SponsorRule.Describe(source.Type));
            }

            return;
        }

        if (sponsorId is null || sponsorId == Guid.Empty)
        {
            throw RequestValidationException.For("sponsorId", $"Sponsor id is required for a {source.Type} source. {SponsorRule.Describe(source.Type)}");
        }

        var sponsor = await db.Database.SqlQuery<SponsorRow>($"""SELECT type AS "Type", active AS "Active" FROM sponsors WHERE id = {sponsorId}""")
            .ToListAsync(ct);
        if (sponsor is not [var found])
        {
            throw new NotFoundException("Sponsor not found.", $"No sponsor has id {sponsorId} (sponsorId).");
        }

        if (!SponsorRule.Accepts(source.Type, found.Type))
        {
            throw new BusinessRuleException("Sponsor does not fit the source.", $"Sponsor {sponsorId} is of type {found.Type}. {SponsorRule.Describe(source.Type)}");
        }

        if (!found.Active)
        {
            throw new BusinessRuleException("Sponsor is not active.", $"Sponsor {sponsorId} is no longer active and cannot take on a worker.");
        }
    }

    /// <summary>
    /// Before taking the lock: a month the copy has no tariff for is read from Billing now, so no
    /// HTTP call is ever made while the source's row is locked.
    /// </summary>
    private async Task EnsureTariffsAsync(FundingSource source, Period start, Period end, CancellationToken ct)
    {
        var usage = (await SourceUsageQuery.LoadAsync(db, [source], ct))[source.Id];
        if (usage.MonthsWithoutTariff(start, end).Count == 0)
        {
            return;
        }

        var answered = await tariffs.RefreshOnDemandAsync(ct);
        usage = (await SourceUsageQuery.LoadAsync(db, [source], ct))[source.Id];
        if (usage.MonthsWithoutTariff(start, end) is [_, ..] missing)
        {
            throw answered
                ? new BusinessRuleException("No tariff in force.", $"Billing has no contribution tariff for {string.Join(", ", missing)}, so the cost cannot be checked against the budget.")
                : new ServiceUnavailableException("Tariff not known yet.", $"Funding has no tariff for {string.Join(", ", missing)} and Billing does not answer; try again shortly.");
        }
    }

    private static void ThrowUnlessFits(UsageCheck check, FundingSource source)
    {
        switch (check)
        {
            case UsageCheck.QuotaExhausted full:
                throw new ConflictException(
                    "Quota exhausted.",
                    $"Funding source {source.Code} already funds {full.Active} of its quota of {source.Quota} workers in {full.Month}.",
                    new Dictionary<string, object?> { ["reason"] = "quota", ["month"] = full.Month.ToString() });
            case UsageCheck.BudgetExhausted over:
                throw new ConflictException(
                    "Budget exhausted.",
                    $"Funding source {source.Code} has {over.RemainingBudget.Amount} rupiah of its budget left; this allocation would bring the projected cost to {over.ProjectedCost.Amount}.",
                    new Dictionary<string, object?> { ["reason"] = "budget", ["remainingBudget"] = over.RemainingBudget.Amount });
            case UsageCheck.TariffMissing missing:
                // The copy was refreshed just before the lock; Billing removing a tariff in between is the only way here.
                throw new ServiceUnavailableException("Tariff not known yet.", $"Funding has no tariff for {string.Join(", ", missing.Months)}; try again shortly.");
        }
    }

    private async Task<ConflictException> OverlapAsync(Guid workerId, Period start, Period end, CancellationToken ct)
    {
        var (from, to) = (start.FirstDay, end.FirstDay);
        var existing = await db.Allocations.AsNoTracking()
            .Where(a => a.WorkerId == workerId && a.StartMonth <= to && a.EndMonth >= from && a.EndMonth >= a.StartMonth)
            .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        return new ConflictException(
            "Worker already funded in an overlapping period.",
            existing is { } id
                ? $"Worker {workerId} is already funded by allocation {id} in some month of {start}..{end}."
                : $"Worker {workerId} is already funded in some month of {start}..{end}.",
            new Dictionary<string, object?> { ["reason"] = "overlap", ["existingAllocationId"] = existing });
    }

    private sealed record SponsorRow(string Type, bool Active);
}
