namespace PijarSemar.Contracts.Registry;

/// <summary>
/// Puts right what was registered wrongly. Each field left out (null) keeps its stored value; the
/// result must pass the registration rules again. <see cref="Note"/> (why) is required.
/// </summary>
public sealed record WorkerCorrectionRequest(
    string? Nik = null,
    string? FullName = null,
    DateOnly? BirthDate = null,
    string? Sex = null,
    string? Kecamatan = null,
    string? Kelurahan = null,
    string? OccupationCode = null,
    string? Note = null);

/// <summary>Sends a rejected registration back to Registered; <see cref="Note"/> (why) is required.</summary>
public sealed record ReopeningRequest(string? Note);

/// <summary>The second person's decision on a requested reactivation of a Deceased worker; <see cref="Note"/> is required.</summary>
public sealed record ReactivationDecisionRequest(bool? Approved, string? Note);

/// <summary>A reactivation of a Deceased worker waiting for a second person's approval.</summary>
public sealed record ReactivationRequestResponse(Guid WorkerId, string RequestedBy, DateTimeOffset RequestedAt, string Note);
