using Microsoft.AspNetCore.Http.HttpResults;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Application;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;
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
            .WithSummary("Undo a wrong deactivation (note required); the worker is Verified again.");

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
        Guid id, DeactivationRequest request, WorkerLifecycle lifecycle, SemarangCalendar calendar, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var reason = EnumName.Parse<DeactivationReason>(request.Reason);
        if (reason is null)
        {
            errors["reason"] = [$"Reason must be one of {string.Join(", ", Enum.GetNames<DeactivationReason>())}."];
        }

        if (request.EffectiveDate is null)
        {
            errors["effectiveDate"] = ["Effective date is required (yyyy-MM-dd)."];
        }
        else if (request.EffectiveDate > calendar.Today)
        {
            errors["effectiveDate"] = ["Effective date cannot be in the future: record a deactivation once it has happened."];
        }

        AddNoteLengthError(request.Note, errors);
        ThrowIfAny(errors);
        var worker = await lifecycle.DeactivateAsync(id, reason!.Value, request.EffectiveDate!.Value, Trimmed(request.Note), actor.Subject, ct);
        return TypedResults.Ok(worker.ToResponse());
    }

    public static async Task<Ok<WorkerResponse>> Reactivate(
        Guid id, ReactivationRequest request, WorkerLifecycle lifecycle, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Note))
        {
            errors["note"] = ["Say why the deactivation was wrong."];
        }

        AddNoteLengthError(request.Note, errors);
        ThrowIfAny(errors);
        var worker = await lifecycle.ReactivateAsync(id, Trimmed(request.Note)!, actor.Subject, ct);
        return TypedResults.Ok(worker.ToResponse());
    }

    private static void AddNoteLengthError(string? note, Dictionary<string, string[]> errors)
    {
        if (note?.Trim().Length > MaxNoteLength)
        {
            errors["note"] = [$"Note must be at most {MaxNoteLength} characters."];
        }
    }

    private static void ThrowIfAny(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
