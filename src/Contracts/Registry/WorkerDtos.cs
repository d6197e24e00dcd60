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
    DateOnly? StatusEffectiveDate);
