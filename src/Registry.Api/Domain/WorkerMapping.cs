using System.Text.Json;
using System.Text.Json.Nodes;
using PijarSemar.Contracts.Registry;

namespace PijarSemar.Registry.Domain;

/// <summary>The worker as the API shows it, and as the before/after snapshot of every audit entry.</summary>
internal static class WorkerMapping
{
    public static WorkerResponse ToResponse(this Worker worker) => new(
        worker.Id,
        worker.Nik,
        worker.FullName,
        worker.BirthDate,
        worker.Sex.ToString(),
        worker.Phone,
        worker.Address,
        worker.Kecamatan,
        worker.Kelurahan,
        worker.OccupationCode,
        worker.P3keListed,
        worker.Status.ToString(),
        worker.RegisteredAt,
        worker.StatusReason,
        worker.StatusEffectiveDate,
        worker.StatusNote,
        worker.DomicileReason,
        worker.OccupationText,
        worker.NikNeedsReview,
        worker.PossibleDuplicateOf);

    /// <summary>
    /// The response's fields, plus what the response does not show: the reactivation waiting for
    /// approval, and the note of a change that keeps no note on the worker (a correction, a checker's decision).
    /// </summary>
    public static JsonObject ToSnapshot(this Worker worker, string? changeNote = null)
    {
        var snapshot = JsonSerializer.SerializeToNode(worker.ToResponse(), JsonSerializerOptions.Web)!.AsObject();
        if (worker.ReactivationRequestedBy is not null)
        {
            snapshot["reactivationRequest"] = JsonSerializer.SerializeToNode(worker.ToReactivationRequest(), JsonSerializerOptions.Web);
        }

        if (changeNote is not null)
        {
            snapshot["changeNote"] = changeNote;
        }

        return snapshot;
    }

    public static ReactivationRequestResponse ToReactivationRequest(this Worker worker) => new(
        worker.Id,
        worker.ReactivationRequestedBy ?? "",
        worker.ReactivationRequestedAt ?? default,
        worker.ReactivationRequestNote ?? "");
}
