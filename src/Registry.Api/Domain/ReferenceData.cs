namespace PijarSemar.Registry.Domain;

public sealed record Occupation(string Code, string NameId, string NameEn);

public sealed record Kecamatan(string Code, string Name);

/// <summary>The occupation and kecamatan lists as loaded from the database, for validating input.</summary>
public sealed class ReferenceData(IReadOnlyList<Occupation> occupations, IReadOnlyList<Kecamatan> kecamatan)
{
    private readonly HashSet<string> _occupationCodes = occupations.Select(o => o.Code).ToHashSet(StringComparer.Ordinal);

    // Operators type either the name ("semarang tengah") or the Kemendagri code ("33.74.01").
    private readonly Dictionary<string, string> _kecamatanByKey = kecamatan
        .SelectMany(k => new[] { (Key: k.Name, k.Name), (Key: k.Code, k.Name) })
        .ToDictionary(pair => pair.Key, pair => pair.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<Occupation> Occupations { get; } = occupations;

    public IReadOnlyList<Kecamatan> Kecamatan { get; } = kecamatan;

    public bool IsListedOccupation(string code) => _occupationCodes.Contains(code);

    public string? CanonicalKecamatan(string nameOrCode) =>
        _kecamatanByKey.TryGetValue(nameOrCode.Trim(), out var name) ? name : null;
}
