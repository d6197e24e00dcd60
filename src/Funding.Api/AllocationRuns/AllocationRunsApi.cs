using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Funding.AllocationRuns;

public static class AllocationRunsApi
{
    private const string ListName = "allocation-runs";

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/v1/allocation-runs").WithTags("Allocation runs");

        runs.MapPost("/", QueueRun)
            .WithName("QueueAllocationRun")
            .WithSummary("Fill unfunded verified workers into the fiscal year's Apbd and Dbhcht sources from startPeriod to December (P3KE-listed first, then earliest verified); 202 with the run, done in the background.")
            .WithIdempotency()
            .RequireAuthorization(Roles.Operator);

        runs.MapGet("/", ListRuns)
            .WithName("ListAllocationRuns")
            .WithSummary("Allocation runs, newest first; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.FundingRead);

        runs.MapGet("/{id:guid}", GetRun)
            .WithName("GetAllocationRun")
            .WithSummary("A run's status and, once Completed, workers considered, allocated and left unfunded, overall and per source.")
            .RequireAuthorization(Policies.FundingRead);

        return app;
    }

    public static async Task<Results<Accepted<AllocationRunResponse>, ValidationProblem>> QueueRun(
        CreateAllocationRunRequest request, AllocationRunQueries queries, JobSignal<AllocationRunJob> signal, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.FiscalYear is not (>= 2020 and <= 2100))
        {
            errors["fiscalYear"] = ["Fiscal year is required, from 2020 to 2100."];
        }

        if (request.StartPeriod is null)
        {
            errors["startPeriod"] = ["Start period is required (yyyy-MM): the first month to fund."];
        }
        else if (request.FiscalYear is { } year && request.StartPeriod.Value.Year != year)
        {
            errors["startPeriod"] = [$"Start period must lie in fiscal year {year}."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var id = await queries.QueueAsync(request.FiscalYear!.Value, request.StartPeriod!.Value, actor.Subject, ct);
        signal.Notify();
        var run = (await queries.FindAsync(id, ct))!;
        return TypedResults.Accepted($"/api/v1/allocation-runs/{id}", run);
    }

    public static async Task<Ok<Page<AllocationRunResponse>>> ListRuns(string? cursor, int? limit, AllocationRunQueries queries, CancellationToken ct)
    {
        var take = KeysetPage.Limit(limit);
        var rows = await queries.PageAsync(KeysetPage.Position(cursor, ListName), take, ct);
        return TypedResults.Ok(KeysetPage.From(rows, take, ListName, r => r.Run, r => r.Seq));
    }

    public static async Task<Results<Ok<AllocationRunResponse>, ProblemHttpResult>> GetRun(Guid id, AllocationRunQueries queries, CancellationToken ct) =>
        await queries.FindAsync(id, ct) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Allocation run not found.", detail: $"No allocation run has id {id}.");
}
