using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Registry.Apis;

/// <summary>
/// NIK and name of a batch of workers, for Billing's BPJS upload file (Billing keeps no personal
/// data). Each call is one audit entry listing the ids read, so who read whose identity stays known.
/// </summary>
public static class WorkerLookupApi
{
    public static IEndpointRouteBuilder MapWorkerLookupApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/workers/lookup", LookupWorkers)
            .WithTags("Workers")
            .WithName("LookupWorkers")
            .WithSummary($"NIK and full name of up to {WorkerLookupRequest.MaxIds} workers by id; unknown ids are left out. Audited.")
            .RequireAuthorization(Policies.BpjsSettlement);
        return app;
    }

    public static async Task<Ok<List<WorkerIdentity>>> LookupWorkers(
        WorkerLookupRequest request, RegistryDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        if (request.Ids is not { Count: > 0 and <= WorkerLookupRequest.MaxIds } ids)
        {
            throw RequestValidationException.For("ids", $"Ids must list 1 to {WorkerLookupRequest.MaxIds} worker ids.");
        }

        var distinct = ids.Distinct().ToList();
        var found = await db.Workers.AsNoTracking()
            .Where(w => distinct.Contains(w.Id))
            .OrderBy(w => w.Id)
            .Select(w => new WorkerIdentity(w.Id, w.Nik, w.FullName))
            .ToListAsync(ct);

        // The entry names ids only: the audit log is read by more people than the registry itself.
        db.Audit("worker-lookup", Guid.CreateVersion7(), "IdentitiesRead", actor.Subject, clock.GetUtcNow(), null, new { ids = found.Select(w => w.Id).ToList() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(found);
    }
}
