using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Funding;
using PijarSemar.Funding.Domain;

namespace PijarSemar.Funding.Allocations;

/// <summary>An allocation as the API, the audit log and the events show it; none of them carries a name.</summary>
public static class AllocationMapping
{
    public static AllocationResponse ToResponse(this Allocation a) => new(
        a.Id, a.WorkerId, a.FundingSourceId, a.SourceType.ToString(), a.SponsorId, a.StartPeriod, a.EndPeriod,
        a.Status, a.EndReason, a.Version, a.CreatedAt, a.EndedAt);

    public static FundingAllocated ToAllocatedEvent(this Allocation a, int fiscalYear) => new(
        a.Id, a.WorkerId, a.FundingSourceId, a.SourceType.ToString(), a.SponsorId, a.StartPeriod, a.EndPeriod,
        fiscalYear, a.Version, a.CreatedAt);

    public static FundingEnded ToEndedEvent(this Allocation a) => new(
        a.Id, a.WorkerId, a.FundingSourceId, a.SourceType.ToString(), a.SponsorId, a.StartPeriod, a.EndPeriod,
        a.EndReason ?? "", a.Version, a.EndedAt ?? a.CreatedAt);
}
