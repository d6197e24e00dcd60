using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Funding;
using PijarSemar.Funding.Data;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.Funding.Apis;

public static class WorkerFundingApi
{
    public static IEndpointRouteBuilder MapWorkerFundingApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/workers").WithTags("Workers")
            .MapGet("/{id:guid}/funding-status", GetFundingStatus)
            .WithName("GetWorkerFundingStatus")
            .WithSummary("What Funding knows of a worker from the registry, and whether they can be funded.")
            .RequireAuthorization(Policies.FundingRead);
        return app;
    }

    public static async Task<Results<Ok<WorkerFundingStatus>, ProblemHttpResult>> GetFundingStatus(
        Guid id, FundingDbContext db, CancellationToken ct)
    {
        var worker = await db.RegistryWorkers.AsNoTracking().FirstOrDefaultAsync(w => w.WorkerId == id, ct);
        return worker is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Worker not known to Funding.",
                detail: $"No registry event for worker {id} has reached Funding (yet).")
            : TypedResults.Ok(new WorkerFundingStatus(
                worker.WorkerId, worker.RegistryStatus, worker.Fundable, worker.OccupationCode, worker.Kecamatan, worker.LastChangedAt));
    }
}
