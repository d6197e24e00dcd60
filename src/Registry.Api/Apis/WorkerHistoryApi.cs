using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;

namespace PijarSemar.Registry.Apis;

public static class WorkerHistoryApi
{
    /// <summary>
    /// A bulk import writes one audit entry for all its workers; each worker's history shows it as
    /// that worker's registration, under the id of the import's entry (older than any later change).
    /// </summary>
    private const string ImportedRegistration = """
        SELECT a.id, w.import_id, w.import_row, a.actor
        FROM workers w
        JOIN audit_log a ON a.entity_type = 'worker-import' AND a.entity_id = w.import_id AND a.action = 'WorkersImported'
        WHERE w.id = @id
        """;

    public static IEndpointRouteBuilder MapWorkerHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/workers").WithTags("Workers")
            .MapGet("/{id:guid}/history", GetHistory)
            .WithName("GetWorkerHistory")
            .WithSummary("Every change to a worker, oldest first: who (token subject), what, when, before and after; a worker registered by an import has the import and its row on the Registered entry.")
            .RequireAuthorization(Policies.RegistryHistoryRead);
        return app;
    }

    public static async Task<Ok<Page<WorkerHistoryEntry>>> GetHistory(
        Guid id, RegistryDbContext db, NpgsqlDataSource dataSource, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var list = ListName(id);
        var after = KeysetPage.Position(cursor, list) ?? 0;
        var worker = await db.Workers.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct)
            ?? throw new NotFoundException("Worker not found.", $"No worker has id {id}.");

        var rows = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == "worker" && a.EntityId == id && a.Id > after)
            .OrderBy(a => a.Id)
            .Take(size + 1)
            .ToListAsync(ct);
        var entries = rows.Select(a => new WorkerHistoryEntry(a.Id, a.Action, a.Actor, a.At, Parse(a.Before), Parse(a.After))).ToList();
        if (await ImportedRegistrationAsync(dataSource, worker, ct) is { } registration && registration.Id > after)
        {
            entries.Insert(0, await WithStateAtRegistrationAsync(db, registration, worker, ct));
        }

        return TypedResults.Ok(KeysetPage.From(entries.Take(size + 1).ToList(), size, list, e => e, e => e.Id));
    }

    private static async Task<WorkerHistoryEntry?> ImportedRegistrationAsync(NpgsqlDataSource dataSource, Worker worker, CancellationToken ct)
    {
        if (worker.ImportId is null)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(ImportedRegistration);
        command.Parameters.AddWithValue("id", worker.Id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new WorkerHistoryEntry(
                reader.GetInt64(0), "Registered", reader.GetString(3), worker.RegisteredAt, null, null,
                reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetInt32(2))
            : null;
    }

    /// <summary>
    /// The worker as registered: what the first later change found (its "before"), or the worker as
    /// it is when nothing has changed since; the same shape as a single registration's entry.
    /// </summary>
    private static async Task<WorkerHistoryEntry> WithStateAtRegistrationAsync(
        RegistryDbContext db, WorkerHistoryEntry registration, Worker worker, CancellationToken ct)
    {
        var firstChange = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.EntityType == "worker" && a.EntityId == worker.Id && a.Before != null)
            .OrderBy(a => a.Id)
            .Select(a => a.Before)
            .FirstOrDefaultAsync(ct);
        var state = Parse(firstChange) ?? JsonSerializer.SerializeToElement(worker.ToResponse(), JsonSerializerOptions.Web);
        return registration with { After = state };
    }

    /// <summary>One list per worker: a cursor of one worker's history is refused on another's.</summary>
    private static string ListName(Guid workerId) => $"worker-history/{workerId}";

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
