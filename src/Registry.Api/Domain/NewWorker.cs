namespace PijarSemar.Registry.Domain;

/// <summary>A registration that passed every rule, normalised (trimmed name, +62 phone, canonical kecamatan and occupation code).</summary>
/// <param name="DomicileReason">Why a worker holding a NIK from another regency lives in Kota Semarang; null for a 3374 NIK.</param>
/// <param name="OccupationText">The worker's own description of their work, e.g. a P3KE worker's occupation outside the list.</param>
/// <param name="NikNeedsReview">The NIK may have lost its last digit in a spreadsheet; an operator should check it against the KTP.</param>
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
    bool P3keListed,
    string? DomicileReason = null,
    string? OccupationText = null,
    bool NikNeedsReview = false);
