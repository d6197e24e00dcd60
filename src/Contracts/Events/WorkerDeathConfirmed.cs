namespace PijarSemar.Contracts.Events;

/// <summary>
/// Claims confirmed a worker's death: BPJS Ketenagakerjaan approved a JKM claim, whose incident date is
/// <see cref="DateOfDeath"/>. The registry deactivates the worker as Deceased, which ends their funding.
/// </summary>
public sealed record WorkerDeathConfirmed(Guid WorkerId, DateOnly DateOfDeath, Guid ClaimId);
