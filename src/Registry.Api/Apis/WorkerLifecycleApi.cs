using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Application;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
using PijarSemar.ServiceDefaults.Paging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Registry.Apis;

public static class WorkerLifecycleApi
{
    private const int MaxNoteLength = 500;

    public static IEndpointRouteBuilder MapWorkerLifecycleApi(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/api/v1/workers/{id:guid}").WithTags("Workers").RequireAuthorization(Policies.RegistryWrite);

        workers.MapPost("/verification", Verify)
            .WithName("VerifyWorker")
            .WithSummary("Approve (→ Verified) or reject (→ Rejected, note required) a registered worker; 409 from any other status.");

        workers.MapPost("/deactivation", Deactivate)
            .WithName("DeactivateWorker")
            .WithSummary("Take a verified worker out of the program from an effective date: Deceased, MovedAway, FormalEmployment, Withdrawn or Duplicate.");

        workers.MapPost("/reactivation", Reactivate)
            .WithName("ReactivateWorker")
            .WithSummary("Undo a wrong deactivation (note required); the worker is Verified again. A Deceased worker is not: 202 with the request, which a second person must approve.");

        workers.MapPost("/reopening", Reopen)
            .WithName("ReopenWorker")
            .WithSummary("Send a rejected registration back to Registered for a new decision (note required); 409 from any other status.");

        var approvals = app.MapGroup("/api/v1/workers").WithTags("Workers").RequireAuthorization(WorkerLifecycleRules.ReactivationApproverPolicy);

        approvals.MapPost("/{id:guid}/reactivation/decision", DecideReactivation)
            .WithName("DecideWorkerReactivation")
            .WithSummary("The second person (role Registry:Lifecycle:DeceasedReactivationApproverRole, not the requester) approves or refuses the reactivation of a Deceased worker; note required.");

        approvals.MapGet("/reactivation-requests", ListReactivationRequests)
            .WithName("ListWorkerReactivationRequests")
            .WithSummary("The reactivations of Deceased workers waiting for a decision, oldest worker first; paginated (cursor, limit).");

        return app;
    }

    public static async Task<Ok<WorkerResponse>> Verify(
        Guid id, VerificationRequest request, WorkerLifecycle lifecycle, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Approved is null)
        {
            errors["approved"] = ["Say whether the registration is approved (true) or rejected (false)."];
        }
        else if (request.Approved == false && string.IsNullOrWhiteSpace(request.Note))
        {
            errors["note"] = ["A rejection needs a reason in the note."];
        }

        AddNoteLengthError(request.Note, errors);
        ThrowIfAny(errors);
        var worker = await lifecycle.VerifyAsync(id, request.Approved!.Value, Trimmed(request.Note), actor.Subject, ct);
        return TypedResults.Ok(worker.ToResponse());
    }

    public static async Task<Ok<WorkerResponse>> Deactivate(
        Guid id, DeactivationRequest request, WorkerLifecycle lifecycle, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = EnumName.Parse<DeactivationReason>(request.Reason);
        if (reason is null)
        {
            errors["reason"] = [$"Reason must be one of {string.Join(", ", Enum.GetNames<DeactivationReason>())}."];
        }

        // Its bounds (not in the future, not before the program or the registration) need the worker: the lifecycle checks them.
        if (request.EffectiveDate is null)
        {
            errors["effectiveDate"] = ["Effective date is required (yyyy-MM-dd)."];
        }

        AddNoteLengthError(request.Note, errors);
        ThrowIfAny(errors);
        var worker = await lifecycle.DeactivateAsync(id, reason!.Value, request.EffectiveDate!.Value, Trimmed(request.Note), actor.Subject, ct);
        return TypedResults.Ok(worker.ToResponse());
    }

    public static async Task<Results<Ok<WorkerResponse>, Accepted<ReactivationRequestResponse>>> Reactivate(
        Guid id, ReactivationRequest request, WorkerLifecycle lifecycle, CurrentActor actor, CancellationToken ct)
    {
        var note = RequiredNote(request.Note, "Say why the deactivation was wrong.");
        var (worker, awaitingApproval) = await lifecycle.ReactivateAsync(id, note, actor.Subject, ct);
        return awaitingApproval
            ? TypedResults.Accepted($"/api/v1/workers/{id}", worker.ToReactivationRequest())
            : TypedResults.Ok(worker.ToResponse());
    }

    public static async Task<Ok<WorkerResponse>> DecideReactivation(
        Guid id, ReactivationDecisionRequest request, WorkerLifecycle lifecycle, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Approved is null)
        {
            errors["approved"] = ["Say whether the reactivation is approved (true) or refused (false)."];
        }

        if (string.IsNullOrWhiteSpace(request.Note))
        {
            errors["note"] = ["Say what the decision rests on."];
        }

        AddNoteLengthError(request.Note, errors);
        ThrowIfAny(errors);
        var worker = await lifecycle.DecideReactivationAsync(id, request.Approved!.Value, Trimmed(request.Note)!, actor.Subject, ct);
        return TypedResults.Ok(worker.ToResponse());
    }

    public static async Task<Ok<Page<ReactivationRequestResponse>>> ListReactivationRequests(
        RegistryDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        const string list = "worker-reactivation-requests";
        var size = KeysetPage.Limit(limit);
        var after = KeysetPage.Position(cursor, list) ?? 0;
        var rows = await db.Workers.AsNoTracking()
            .Where(w => w.ReactivationRequestedBy != null && w.Seq > after)
            .OrderBy(w => w.Seq)
            .Take(size + 1)
            .ToListAsync(ct);
        return TypedResults.Ok(KeysetPage.From(rows, size, list, w => w.ToReactivationRequest(), w => w.Seq));
    }

    public static async Task<Ok<WorkerResponse>> Reopen(
        Guid id, ReopeningRequest request, WorkerLifecycle lifecycle, CurrentActor actor, CancellationToken ct)
    {
        var note = RequiredNote(request.Note, "Say why the rejection is to be reconsidered.");
        var worker = await lifecycle.ReopenAsync(id, note, actor.Subject, ct);
        return TypedResults.Ok(worker.ToResponse());
    }

    private static string RequiredNote(string? note, string whenMissing)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(note))
        {
            errors["note"] = [whenMissing];
        }

        AddNoteLengthError(note, errors);
        ThrowIfAny(errors);
        return Trimmed(note)!;
    }

    internal static void AddNoteLengthError(string? note, Dictionary<string, string[]> errors)
    {
        if (note?.Trim().Length > MaxNoteLength)
        {
            errors["note"] = [$"Note must be at most {MaxNoteLength} characters."];
        }
    }

    internal static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    internal static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
