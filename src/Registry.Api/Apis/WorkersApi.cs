using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Application;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
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
            .WithSummary("One worker by id. Audited as a read of personal data (who, when, which worker).")
            .RequireAuthorization(Policies.RegistryRead);

        return app;
    }

    public static async Task<Results<Created<WorkerResponse>, ValidationProblem, Conflict<ProblemDetails>>> RegisterWorker(
        RegisterWorkerRequest request, WorkerRegistration registration, CancellationToken ct)
    {
        var worker = await registration.RegisterAsync(request, ct);
        return TypedResults.Created($"/api/v1/workers/{worker.Id}", worker.ToResponse());
    }

    /// <summary>
    /// A read by id shows the same personal data as a search by NIK, and ids are handed around
    /// (lists, events, other services), so each read is an audit entry (<c>worker-read</c>, keyed
    /// by the worker): "who saw this worker's data" needs every way in, not only searches.
    /// </summary>
    public static async Task<Results<Ok<WorkerResponse>, ProblemHttpResult>> GetWorker(
        Guid id, RegistryDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (worker is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Worker not found.", detail: $"No worker has id {id}.");
        }

        db.Audit<object>("worker-read", worker.Id, "Read", actor.Subject, clock.GetUtcNow(), null, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(worker.ToResponse());
    }
}
