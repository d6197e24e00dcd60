namespace PijarSemar.Contracts.Funding;

/// <summary>What Funding knows of a worker from the registry's events, and whether it can be funded.</summary>
public sealed record WorkerFundingStatus(
    Guid WorkerId,
    string RegistryStatus,
    bool Fundable,
    string OccupationCode,
    string Kecamatan,
    DateTimeOffset LastChangedAt);
