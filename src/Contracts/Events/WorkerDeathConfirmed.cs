namespace PijarSemar.Contracts.Events;

/// <summary>Claims confirmed a worker's death (a JKM claim was verified); the registry deactivates them.</summary>
public sealed record WorkerDeathConfirmed(Guid WorkerId, DateOnly DateOfDeath, Guid ClaimId);
