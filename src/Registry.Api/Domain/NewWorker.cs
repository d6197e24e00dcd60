namespace PijarSemar.Registry.Domain;

/// <summary>A registration that passed every rule, normalised (trimmed name, +62 phone, canonical kecamatan).</summary>
public sealed record NewWorker(
    string Nik,
    string FullName,
    DateOnly BirthDate,
    Sex Sex,
    string? Phone,
    string? Address,
    string Kecamatan,
    string? Kelurahan,
    string? OccupationCode,
    bool P3keListed);
