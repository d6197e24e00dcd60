using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Paging;
using PijarSemar.Funding.Allocations;
using PijarSemar.Funding.Data;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Funding.Apis;

/// <summary>The filters of the allocation list; all optional, combined with AND. <see cref="Period"/> keeps allocations funding that month.</summary>
public sealed record AllocationSearch(Guid? WorkerId, Guid? FundingSourceId, Guid? SponsorId, string? Period, string? Cursor, int? Limit);

public static class AllocationsApi
{
    private const string ListName = "allocations";

    public static IEndpointRouteBuilder MapAllocationsApi(this IEndpointRouteBuilder app)
    {
        var allocations = app.MapGroup("/api/v1/allocations").WithTags("Allocations");

        allocations.MapPost("/", CreateAllocation)
            .WithName("CreateAllocation")
            .WithSummary("Fund a verified worker from a source for months of its fiscal year; 409 when the quota or budget is exhausted or the worker is already funded in an overlapping month, 422 when the worker cannot be funded.")
            .WithIdempotency()
            .RequireAuthorization(Roles.Operator);

        allocations.MapGet("/", ListAllocations)
            .WithName("ListAllocations")
            .WithSummary("Allocations in creation order, filtered by workerId, fundingSourceId, sponsorId and period (funding that month); pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.FundingRead);

        allocations.MapGet("/{id:guid}", GetAllocation)
            .WithName("GetAllocation")
            .WithSummary("One allocation by id.")
            .RequireAuthorization(Policies.FundingRead);

        allocations.MapPost("/{id:guid}/end", EndAllocation)
            .WithName("EndAllocation")
            .WithSummary("Bring an allocation's end forward to endPeriod (its last funded month; the month before the start cancels it), freeing its slot from the month after.")
            .WithIdempotency()
            .RequireAuthorization(Roles.Operator);

        return app;
    }

    public static async Task<Results<Created<AllocationResponse>, ValidationProblem, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> CreateAllocation(
        CreateAllocationRequest request, AllocationService allocations, CurrentActor actor, CancellationToken ct)
    {
        var allocation = await allocations.CreateAsync(request, actor.Subject, ct);
        return TypedResults.Created($"/api/v1/allocations/{allocation.Id}", allocation.ToResponse());
    }

    public static async Task<Ok<Page<AllocationResponse>>> ListAllocations(
        [AsParameters] AllocationSearch search, FundingDbContext db, CancellationToken ct)
    {
        var limit = KeysetPage.Limit(search.Limit);
        var after = KeysetPage.Position(search.Cursor, ListName) ?? 0;
        var query = db.Allocations.AsNoTracking().Where(a => a.Seq > after);
        if (search.WorkerId is { } workerId)
        {
            query = query.Where(a => a.WorkerId == workerId);
        }

        if (search.FundingSourceId is { } sourceId)
        {
            query = query.Where(a => a.FundingSourceId == sourceId);
        }

        if (search.SponsorId is { } sponsorId)
        {
            query = query.Where(a => a.SponsorId == sponsorId);
        }

        if (!string.IsNullOrWhiteSpace(search.Period))
        {
            var month = Period.TryParse(search.Period.Trim(), out var period)
                ? period.FirstDay
                : throw RequestValidationException.For("period", $"Period is written yyyy-MM, from {Period.MinValue} to {Period.MaxValue}.");
            query = query.Where(a => a.StartMonth <= month && a.EndMonth >= month);
        }

        var rows = await query.OrderBy(a => a.Seq).Take(limit + 1).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, limit, ListName, a => a.ToResponse(), a => a.Seq));
    }

    public static async Task<Results<Ok<AllocationResponse>, ProblemHttpResult>> GetAllocation(Guid id, FundingDbContext db, CancellationToken ct)
    {
        var allocation = await db.Allocations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return allocation is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Allocation not found.", detail: $"No allocation has id {id}.")
            : TypedResults.Ok(allocation.ToResponse());
    }

    public static async Task<Results<Ok<AllocationResponse>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> EndAllocation(
        Guid id, EndAllocationRequest request, AllocationService allocations, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.EndPeriod is null)
        {
            errors["endPeriod"] = ["End period is required (yyyy-MM): the last month funded."];
        }

        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > AllocationService.MaxReasonLength)
        {
            errors["reason"] = [$"Reason is required, at most {AllocationService.MaxReasonLength} characters."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var allocation = await allocations.EndAsync(id, request.EndPeriod!.Value, reason, actor.Subject, ct);
        return TypedResults.Ok(allocation.ToResponse());
    }
}
