namespace PijarSemar.Contracts.Events;

/// <summary>
/// An operator confirmed the worker is eligible (or reactivated them); only verified workers can
/// be funded. <see cref="Version"/> is the worker's version after the change.
/// </summary>
public sealed record WorkerVerified(Guid WorkerId, DateTimeOffset VerifiedAt, long Version);
