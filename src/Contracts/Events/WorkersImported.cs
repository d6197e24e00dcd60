namespace PijarSemar.Contracts.Events;

/// <summary>
/// A batch of workers entered the registry through a bulk import: one event per chunk of about a
/// thousand workers instead of a <see cref="WorkerRegistered"/> each, so a 250,000-row import is
/// 250 messages. Each worker carries the facts of <see cref="WorkerRegistered"/> and means exactly
/// what that event would (<see cref="ImportedWorker.Version"/> 1); consumers apply the batch in one
/// statement with the same version rule. A single registration still publishes WorkerRegistered.
/// </summary>
public sealed record WorkersImported(Guid ImportId, IReadOnlyList<ImportedWorker> Workers);

/// <summary>One worker of a <see cref="WorkersImported"/> batch: no name or NIK, like WorkerRegistered.</summary>
public sealed record ImportedWorker(
    Guid WorkerId,
    string OccupationCode,
    string Kecamatan,
    bool P3keListed,
    DateTimeOffset RegisteredAt,
    long Version);
