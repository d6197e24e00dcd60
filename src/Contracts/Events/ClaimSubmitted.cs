namespace PijarSemar.Contracts.Events;

/// <summary>
/// A JKK or JKM claim was filed for a worker. <see cref="CoverageStatus"/> is Billing's answer at
/// <see cref="IncidentDate"/> when the claim was filed (Covered, PendingPayment, NotCovered, Lapsed),
/// or Unknown when Billing could not be asked; Claims keeps asking and the claim shows the answer.
/// </summary>
public sealed record ClaimSubmitted(
    Guid ClaimId, Guid WorkerId, string Type, DateOnly IncidentDate, string CoverageStatus, DateTimeOffset SubmittedAt);
