using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Registry.Apis;

public static class WorkerHistoryApi
{
    public static IEndpointRouteBuilder MapWorkerHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/workers").WithTags("Workers")
            .MapGet("/{id:guid}/history", GetHistory)
            .WithName("GetWorkerHistory")
            .WithSummary("Every change to a worker, oldest first: who (token subject), what, when, before and after.")
            .RequireAuthorization(Policies.RegistryHistoryRead);
        return app;
    }

    public static async Task<Ok<Page<WorkerHistoryEntry>>> GetHistory(
        Guid id, RegistryDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var list = ListName(id);
        var after = KeysetPage.Position(cursor, list) ?? 0;
        if (!await db.Workers.AnyAsync(w => w.Id == id, ct))
        {
            throw new NotFoundException("Worker not found.", $"No worker has id {id}.");
        }

        var rows = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == "worker" && a.EntityId == id && a.Id > after)
            .OrderBy(a => a.Id)
            .Take(size + 1)
            .ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(
            rows,
            size,
            list,
            a => new WorkerHistoryEntry(a.Id, a.Action, a.Actor, a.At, Parse(a.Before), Parse(a.After)),
            a => a.Id));
    }

    /// <summary>One list per worker: a cursor of one worker's history is refused on another's.</summary>
    private static string ListName(Guid workerId) => $"worker-history/{workerId}";

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
