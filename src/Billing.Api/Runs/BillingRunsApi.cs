using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Data;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Billing.Runs;

public static class BillingRunsApi
{
    private const string ListName = "billing-runs";

    public static IEndpointRouteBuilder MapBillingRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/v1/billing-runs").WithTags("Billing runs");

        runs.MapPost("/", CreateBillingRun)
            .WithName("CreateBillingRun")
            .WithSummary("Bill every allocation active in period, once: 202 with the run while it is queued or running, 200 once it is Completed; asking again returns the same run. 422 for a future period or one before the program start.")
            .WithIdempotency()
            .RequireAuthorization(Roles.Finance);

        runs.MapGet("/", ListBillingRuns)
            .WithName("ListBillingRuns")
            .WithSummary("Billing runs in the order they were asked for, or the run of period; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.BillingRead);

        runs.MapGet("/{id:guid}", GetBillingRun)
            .WithName("GetBillingRun")
            .WithSummary("One billing run: its status, the tariff it priced at, and once Completed its invoice and line counts and total.")
            .RequireAuthorization(Policies.BillingRead);
        return app;
    }

    public static async Task<Results<Ok<BillingRunResponse>, Accepted<BillingRunResponse>, ValidationProblem, UnprocessableEntity<ProblemDetails>>> CreateBillingRun(
        CreateBillingRunRequest request, BillingRunRequests requests, CurrentActor actor, CancellationToken ct)
    {
        var (run, _) = await requests.RequestAsync(request.Period, actor.Subject, ct);
        return run.Status == nameof(JobStatus.Completed)
            ? TypedResults.Ok(run.ToResponse())
            : TypedResults.Accepted($"/api/v1/billing-runs/{run.Id}", run.ToResponse());
    }

    public static async Task<Ok<Page<BillingRunResponse>>> ListBillingRuns(
        BillingDbContext db, string? period, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var after = KeysetPage.Position(cursor, ListName) ?? 0;
        var query = db.Set<BillingRun>().AsNoTracking().Where(r => r.Seq > after);
        if (period is not null)
        {
            var month = Period.TryParse(period.Trim(), out var parsed)
                ? parsed.FirstDay
                : throw RequestValidationException.For("period", "The period is written yyyy-MM.");
            query = query.Where(r => r.Period == month);
        }

        var rows = await query.OrderBy(r => r.Seq).Take(size + 1).ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, size, ListName, r => r.ToResponse(), r => r.Seq));
    }

    public static async Task<Ok<BillingRunResponse>> GetBillingRun(Guid id, BillingDbContext db, CancellationToken ct)
    {
        var run = await db.Set<BillingRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new NotFoundException("Billing run not found.", $"There is no billing run {id}.");
        return TypedResults.Ok(run.ToResponse());
    }
}
