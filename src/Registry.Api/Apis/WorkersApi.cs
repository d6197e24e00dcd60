using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Application;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Idempotency;

namespace PijarSemar.Registry.Apis;

public static class WorkersApi
{
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/api/v1/workers").WithTags("Workers");

        workers.MapPost("/", RegisterWorker)
            .WithName("RegisterWorker")
            .WithSummary("Register a vulnerable worker; 409 names the existing worker when the NIK is already registered.")
            .WithDescription("Send an Idempotency-Key header to retry safely: the same key and body get the first answer again.")
            .WithIdempotency()
            .RequireAuthorization(Policies.RegistryWrite);

        workers.MapGet("/{id:guid}", GetWorker)
            .WithName("GetWorker")
            .WithSummary("One worker by id.")
            .RequireAuthorization(Policies.RegistryRead);

        return app;
    }

    public static async Task<Results<Created<WorkerResponse>, ValidationProblem, Conflict<ProblemDetails>>> RegisterWorker(
        RegisterWorkerRequest request, WorkerRegistration registration, CancellationToken ct)
    {
        var worker = await registration.RegisterAsync(request, ct);
        return TypedResults.Created($"/api/v1/workers/{worker.Id}", worker.ToResponse());
    }

    public static async Task<Results<Ok<WorkerResponse>, ProblemHttpResult>> GetWorker(
        Guid id, RegistryDbContext db, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        return worker is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Worker not found.", detail: $"No worker has id {id}.")
            : TypedResults.Ok(worker.ToResponse());
    }
}
