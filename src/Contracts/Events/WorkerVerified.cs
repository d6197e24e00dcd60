namespace PijarSemar.Contracts.Events;

/// <summary>An operator confirmed the worker is eligible; only verified workers can be funded.</summary>
public sealed record WorkerVerified(Guid WorkerId, DateTimeOffset VerifiedAt);
