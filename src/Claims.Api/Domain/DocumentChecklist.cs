namespace PijarSemar.Claims.Domain;

/// <summary>A document BPJS Ketenagakerjaan asks for with a claim.</summary>
public sealed record RequiredDocument(string Code, string Name);

/// <summary>The documents each claim type needs before it can be sent to BPJS Ketenagakerjaan (domain.md).</summary>
public static class DocumentChecklist
{
    public static readonly IReadOnlyList<RequiredDocument> Jkk =
    [
        new("AccidentReport", "Accident report (due within 2×24 hours of the accident)"),
        new("MedicalRecords", "Medical records and bills"),
        new("Ktp", "The worker's identity card (KTP)"),
    ];

    public static readonly IReadOnlyList<RequiredDocument> Jkm =
    [
        new("DeathCertificate", "Death certificate"),
        new("FamilyCard", "Family card (KK)"),
        new("HeirsKtp", "The heirs' identity cards (KTP)"),
        new("ParticipantCard", "BPJS Ketenagakerjaan participant card"),
    ];

    public static IReadOnlyList<RequiredDocument> For(string claimType) => claimType switch
    {
        ClaimType.Jkk => Jkk,
        ClaimType.Jkm => Jkm,
        _ => throw new ArgumentOutOfRangeException(nameof(claimType), claimType, "Not a claim type."),
    };
}
