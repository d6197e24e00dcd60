namespace PijarSemar.Contracts.Events;

/// <summary>A worker entered the registry. Carries no name or NIK: consumers key on <see cref="WorkerId"/>.</summary>
public sealed record WorkerRegistered(
    Guid WorkerId,
    string OccupationCode,
    string Kecamatan,
    bool P3keListed,
    DateTimeOffset RegisteredAt);
