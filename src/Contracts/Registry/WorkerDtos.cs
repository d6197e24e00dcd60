namespace PijarSemar.Contracts.Registry;

/// <summary>
/// A registration. <see cref="OccupationCode"/> takes a code or the Indonesian name of a listed
/// occupation; <see cref="OccupationText"/> is the worker's own description (a P3KE worker's
/// occupation outside the list lands there); <see cref="DomicileReason"/> is required, and
/// recorded, for a NIK issued outside Kota Semarang.
/// </summary>
public sealed record RegisterWorkerRequest(
    string? Nik,
    string? FullName,
    DateOnly? BirthDate,
    string? Sex,
    string? Phone,
    string? Address,
    string? Kecamatan,
    string? Kelurahan,
    string? OccupationCode,
    bool P3keListed,
    string? DomicileReason = null,
    string? OccupationText = null);

/// <summary>
/// A worker. <see cref="NikNeedsReview"/> marks a NIK imported from a spreadsheet that may have
/// stored it as a number and lost its last digit (15 significant digits, the 16th written as 0).
/// <see cref="PossibleDuplicateOf"/>: an earlier worker with the same
/// normalised name and birth date (or kelurahan), flagged for an operator to decide; null when none
/// or when an operator decided they are different people.
/// </summary>
public sealed record WorkerResponse(
    Guid Id,
    string Nik,
    string FullName,
    DateOnly BirthDate,
    string Sex,
    string? Phone,
    string? Address,
    string Kecamatan,
    string? Kelurahan,
    string? OccupationCode,
    bool P3keListed,
    string Status,
    DateTimeOffset RegisteredAt,
    string? StatusReason,
    DateOnly? StatusEffectiveDate,
    string? StatusNote,
    string? DomicileReason = null,
    string? OccupationText = null,
    bool NikNeedsReview = false,
    Guid? PossibleDuplicateOf = null);

/// <summary>An operator's decision on a registration; <see cref="Note"/> is required when rejecting.</summary>
public sealed record VerificationRequest(bool? Approved, string? Note);

/// <summary><see cref="Reason"/>: Deceased, MovedAway, FormalEmployment, Withdrawn or Duplicate.</summary>
public sealed record DeactivationRequest(string? Reason, DateOnly? EffectiveDate, string? Note);

public sealed record ReactivationRequest(string? Note);

/// <summary>
/// One entry of a worker's audit trail: who did what, when, and the worker before and after. A
/// worker registered by a bulk import has <see cref="ImportId"/> and <see cref="ImportRow"/> (the
/// spreadsheet row, header = 1) on its "Registered" entry.
/// </summary>
public sealed record WorkerHistoryEntry(
    long Id,
    string Action,
    string Actor,
    DateTimeOffset At,
    System.Text.Json.JsonElement? Before,
    System.Text.Json.JsonElement? After,
    Guid? ImportId = null,
    int? ImportRow = null);
