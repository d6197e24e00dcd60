using MassTransit;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts.Events;

namespace PijarSemar.Billing.Allocations;

/// <summary>
/// Keeps <c>funded_allocations</c> as Funding has it. Both events carry every fact of the
/// allocation, so whichever arrives first creates the row (an end that overtakes its start is not
/// lost), and a row only ever takes the state of a higher version than it holds: a redelivered or
/// late event changes nothing. The messaging pipeline makes each delivery take effect once and commits it.
/// </summary>
public sealed class FundingAllocatedConsumer(BillingDbContext db, TimeProvider clock) : IConsumer<FundingAllocated>
{
    public Task Consume(ConsumeContext<FundingAllocated> context)
    {
        var e = context.Message;
        return FundedAllocations.UpsertAsync(
            db, e.AllocationId, e.WorkerId, e.FundingSourceId, e.SourceType, e.SponsorId,
            e.StartPeriod.FirstDay, e.EndPeriod.FirstDay, e.Version, clock.GetUtcNow(), context.CancellationToken);
    }
}

public sealed class FundingEndedConsumer(BillingDbContext db, TimeProvider clock) : IConsumer<FundingEnded>
{
    public Task Consume(ConsumeContext<FundingEnded> context)
    {
        var e = context.Message;
        return FundedAllocations.UpsertAsync(
            db, e.AllocationId, e.WorkerId, e.FundingSourceId, e.SourceType, e.SponsorId,
            e.StartPeriod.FirstDay, e.EndPeriod.FirstDay, e.Version, clock.GetUtcNow(), context.CancellationToken);
    }
}

internal static class FundedAllocations
{
    public static Task UpsertAsync(
        BillingDbContext db, Guid allocationId, Guid workerId, Guid fundingSourceId, string sourceType, Guid? sponsorId,
        DateOnly startMonth, DateOnly endMonth, long version, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO funded_allocations (allocation_id, worker_id, funding_source_id, source_type, sponsor_id,
                                            start_month, end_month, version, updated_at)
            VALUES ({allocationId}, {workerId}, {fundingSourceId}, {sourceType}, {sponsorId}, {startMonth}, {endMonth}, {version}, {now})
            ON CONFLICT (allocation_id) DO UPDATE
            SET start_month = excluded.start_month, end_month = excluded.end_month,
                version = excluded.version, updated_at = excluded.updated_at
            WHERE funded_allocations.version < excluded.version
            """, ct);
}
