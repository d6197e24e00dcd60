namespace PijarSemar.Contracts.Events;

/// <summary>
/// The worker leaves the program from <see cref="EffectiveDate"/>; their funding slot can be reused.
/// <see cref="Reason"/> is one of Deceased, MovedAway, FormalEmployment, Withdrawn, Duplicate.
/// <see cref="Version"/> is the worker's version after the change.
/// </summary>
public sealed record WorkerDeactivated(Guid WorkerId, string Reason, DateOnly EffectiveDate, DateTimeOffset DeactivatedAt, long Version);
