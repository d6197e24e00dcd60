using PijarSemar.Contracts.Registry;

namespace PijarSemar.Registry.Domain;

/// <summary>The worker as the API shows it; also the before/after snapshot of every audit entry.</summary>
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
        worker.PossibleDuplicateOf);
}
