namespace PijarSemar.Funding.Domain;

/// <summary>A worker as the registry's events describe them; only a verified, active worker can be funded.</summary>
public sealed class RegistryWorker
{
    public Guid WorkerId { get; private set; }
    public string RegistryStatus { get; private set; } = "";
    public string OccupationCode { get; private set; } = "";
    public string Kecamatan { get; private set; } = "";
    public bool P3keListed { get; private set; }
    public string? DeactivationReason { get; private set; }
    public DateOnly? DeactivatedFrom { get; private set; }
    public DateTimeOffset LastChangedAt { get; private set; }

    /// <summary>The registry's version of the worker as of the newest event applied here.</summary>
    public long Version { get; private set; }

    public bool Fundable => RegistryStatus == "Verified";

    public static RegistryWorker Registered(Guid workerId, string occupationCode, string kecamatan, bool p3keListed, DateTimeOffset at) => new()
    {
        Version = 1,
        WorkerId = workerId,
        RegistryStatus = "Registered",
        OccupationCode = occupationCode,
        Kecamatan = kecamatan,
        P3keListed = p3keListed,
        LastChangedAt = at,
    };
}
