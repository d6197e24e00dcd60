namespace PijarSemar.Contracts.Events;

/// <summary>
/// A worker entered the registry. Carries no name or NIK: consumers key on <see cref="WorkerId"/>.
/// <see cref="Version"/> is the worker's version after the change (1 for a registration); events
/// about one worker may arrive in any order, and a consumer applies one only when it is newer
/// than what it has.
/// </summary>
public sealed record WorkerRegistered(
    Guid WorkerId,
    string OccupationCode,
    string Kecamatan,
    bool P3keListed,
    DateTimeOffset RegisteredAt,
    long Version);
