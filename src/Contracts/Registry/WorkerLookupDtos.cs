namespace PijarSemar.Contracts.Registry;

/// <summary>Up to <see cref="MaxIds"/> worker ids to look up at once.</summary>
public sealed record WorkerLookupRequest(IReadOnlyList<Guid>? Ids)
{
    public const int MaxIds = 500;
}

/// <summary>The identity of a worker as BPJS needs it on an upload: NIK and full name.</summary>
public sealed record WorkerIdentity(Guid Id, string Nik, string FullName);
