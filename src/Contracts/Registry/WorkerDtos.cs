namespace PijarSemar.Contracts.Registry;

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
    bool P3keListed);

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
    string? StatusNote);

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
