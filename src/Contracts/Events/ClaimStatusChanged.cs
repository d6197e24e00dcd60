namespace PijarSemar.Contracts.Events;

/// <summary>
/// A claim moved from <see cref="From"/> to <see cref="To"/> (Verified, SentToBpjs, Approved, Paid or
/// Rejected). <see cref="Amount"/> is the approved benefit at Approved and the amount paid at Paid,
/// in whole rupiah. <see cref="Version"/> is the claim's version after the change (the filing is 1):
/// a consumer keeps the change with the highest version.
/// </summary>
public sealed record ClaimStatusChanged(
    Guid ClaimId, Guid WorkerId, string Type, string From, string To, long? Amount, DateTimeOffset ChangedAt, long Version);
