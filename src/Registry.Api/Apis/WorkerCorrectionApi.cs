using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Application;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.Registry.Apis;

public static class WorkerCorrectionApi
{
    public static IEndpointRouteBuilder MapWorkerCorrectionApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/workers/{id:guid}").WithTags("Workers").RequireAuthorization(Policies.RegistryWrite)
            .MapPost("/correction", Correct)
            .WithName("CorrectWorker")
            .WithSummary("Correct a worker's NIK, full name, birth date, sex, kecamatan, kelurahan or occupation (fields left out keep their value; note required). The result must pass the registration rules; audited before/after; publishes WorkerCorrected. 409 when the corrected NIK belongs to another worker.");
        return app;
    }

    public static async Task<Results<Ok<WorkerResponse>, ValidationProblem, Conflict<ProblemDetails>>> Correct(
        Guid id, WorkerCorrectionRequest request, WorkerCorrection correction, CurrentActor actor, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Note))
        {
            errors["note"] = ["Say what was wrong and where the right value comes from (e.g. the KTP)."];
        }

        if (request is { Nik: null, FullName: null, BirthDate: null, Sex: null, Kecamatan: null, Kelurahan: null, OccupationCode: null })
        {
            errors["body"] = ["Give at least one field to correct: nik, fullName, birthDate, sex, kecamatan, kelurahan or occupationCode."];
        }

        WorkerLifecycleApi.AddNoteLengthError(request.Note, errors);
        WorkerLifecycleApi.ThrowIfAny(errors);
        var worker = await correction.CorrectAsync(id, request, WorkerLifecycleApi.Trimmed(request.Note)!, actor.Subject, ct);
        return TypedResults.Ok(worker.ToResponse());
    }
}
