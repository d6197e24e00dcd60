using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Paging;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Auditing;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Idempotency;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Registry.Duplicates;

/// <summary>Operators list the workers flagged as possible duplicates and decide each flag.</summary>
public static class PossibleDuplicatesApi
{
    public const int MaxNoteLength = 500;

    /// <summary>Names this list in its cursors, so a cursor of another list is refused.</summary>
    private const string ListName = "possible-duplicates";

    public static IEndpointRouteBuilder MapPossibleDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/api/v1/workers").WithTags("Possible duplicates");

        workers.MapGet("/possible-duplicates", ListOpen)
            .WithName("ListPossibleDuplicates")
            .WithSummary("Workers flagged as possible duplicates of an earlier worker and not yet decided, oldest flag first; pass nextCursor back as cursor.")
            .RequireAuthorization(Policies.PossibleDuplicatesRead);

        workers.MapPost("/{id:guid}/possible-duplicate/resolution", Resolve)
            .WithName("ResolvePossibleDuplicate")
            .WithSummary("Decide a flag: NotDuplicate (note required; the flag is cleared) or Duplicate (then reject or deactivate the worker as nextStep says). Audited.")
            .WithDescription("Send an Idempotency-Key header to retry safely: the same key and body get the first answer again.")
            .WithIdempotency()
            .RequireAuthorization(Policies.RegistryWrite);

        return app;
    }

    public static async Task<Ok<Page<PossibleDuplicateResponse>>> ListOpen(
        RegistryDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        var size = KeysetPage.Limit(limit);
        var after = KeysetPage.Position(cursor, ListName) ?? 0;
        var rows = await db.PossibleDuplicates.AsNoTracking()
            .Where(f => f.Decision == null && f.Seq > after)
            .OrderBy(f => f.Seq)
            .Take(size + 1)
            .ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, size, ListName, f => f.ToResponse(), f => f.Seq));
    }

    public static async Task<Ok<PossibleDuplicateResponse>> Resolve(
        Guid id, PossibleDuplicateResolutionRequest request, RegistryDbContext db, CurrentActor actor, TimeProvider clock, CancellationToken ct)
    {
        var decision = EnumName.Parse<DuplicateDecision>(request.Decision);
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var errors = new Dictionary<string, string[]>();
        if (decision is null)
        {
            errors["decision"] = [$"Decision must be one of {string.Join(", ", Enum.GetNames<DuplicateDecision>())}."];
        }
        else if (decision == DuplicateDecision.NotDuplicate && note is null)
        {
            errors["note"] = ["Say in the note why these are two people (e.g. the KTPs were compared)."];
        }

        if (note?.Length > MaxNoteLength)
        {
            errors["note"] = [$"Note must be at most {MaxNoteLength} characters."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var worker = await db.Workers.FirstOrDefaultAsync(w => w.Id == id, ct)
            ?? throw new NotFoundException("Worker not found.", $"No worker has id {id}.");
        var flag = await db.PossibleDuplicates.FirstOrDefaultAsync(f => f.WorkerId == id, ct)
            ?? throw new NotFoundException("No possible duplicate.", $"Worker {id} is not flagged as a possible duplicate.");

        var before = flag.ToResponse();
        flag.Resolve(decision!.Value, note, actor.Subject, clock.GetUtcNow());
        if (decision == DuplicateDecision.NotDuplicate)
        {
            worker.ClearPossibleDuplicate();
        }

        var after = flag.ToResponse(NextStep(worker, flag));
        db.Audit("worker", worker.Id, "PossibleDuplicateResolved", actor.Subject, flag.DecidedAt!.Value, before, after);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(after);
    }

    /// <summary>
    /// A Duplicate decision only records what the operator found; taking the later registration
    /// out is the lifecycle's own step, so it is audited, published and checked like any other.
    /// </summary>
    private static string? NextStep(Worker worker, PossibleDuplicate flag) => (flag.Decision, worker.Status) switch
    {
        (DuplicateDecision.Duplicate, WorkerStatus.Registered) =>
            $"Reject this registration: POST /api/v1/workers/{worker.Id}/verification {{ \"approved\": false, \"note\": \"Duplicate of worker {flag.DuplicateOf}\" }}.",
        (DuplicateDecision.Duplicate, WorkerStatus.Verified) =>
            $"Deactivate this worker: POST /api/v1/workers/{worker.Id}/deactivation {{ \"reason\": \"Duplicate\", \"effectiveDate\": \"yyyy-MM-dd\", \"note\": \"Duplicate of worker {flag.DuplicateOf}\" }}.",
        _ => null,
    };

    private static PossibleDuplicateResponse ToResponse(this PossibleDuplicate flag, string? nextStep = null) => new(
        flag.WorkerId,
        flag.DuplicateOf,
        flag.Match.ToString(),
        flag.FlaggedAt,
        flag.Decision?.ToString(),
        flag.Note,
        flag.DecidedBy,
        flag.DecidedAt,
        nextStep);
}
