using System.Text.RegularExpressions;

namespace PijarSemar.Registry.Domain;

public sealed record Occupation(string Code, string NameId, string NameEn);

public sealed record Kecamatan(string Code, string Name);

/// <summary>
/// The occupation and kecamatan lists as loaded from the database, for validating input. Matching
/// is as tolerant as the spellings offices use: case, spaces, dots and hyphens do not count, so
/// "Gajah Mungkur", "GAJAHMUNGKUR", "Kec. Gajahmungkur", "33.74.09" and "337409" are one kecamatan,
/// and "Tukang Becak" is the occupation tukang-becak.
/// </summary>
public sealed partial class ReferenceData
{
    private readonly Dictionary<string, string> _occupationByKey = [];
    private readonly Dictionary<string, string> _kecamatanByKey = [];

    // The first six digits of the NIKs each kecamatan issues: "33.74.09" → "337409".
    private readonly HashSet<string> _nikDistricts;
    private readonly HashSet<string> _nikRegencies;

    public ReferenceData(IReadOnlyList<Occupation> occupations, IReadOnlyList<Kecamatan> kecamatan)
    {
        Occupations = occupations;
        Kecamatan = kecamatan;

        // "Juru jenazah / modin" is also found as either of its names alone.
        foreach (var occupation in occupations)
        {
            foreach (var name in occupation.NameId.Split('/').Prepend(occupation.NameId).Prepend(occupation.Code))
            {
                _occupationByKey.TryAdd(MatchKey(name), occupation.Code);
            }
        }

        foreach (var district in kecamatan)
        {
            _kecamatanByKey.TryAdd(MatchKey(district.Name), district.Name);
            _kecamatanByKey.TryAdd(MatchKey(district.Code), district.Name);
        }

        _nikDistricts = [.. kecamatan.Select(k => MatchKey(k.Code)).Where(code => code.Length == 6 && code.All(char.IsAsciiDigit))];
        _nikRegencies = [.. _nikDistricts.Select(code => code[..4])];
        var digits = _nikDistricts.Select(code => code[4..]).Order(StringComparer.Ordinal).ToList();
        KecamatanNikDigits = digits.Count == 0 ? "" : $"{digits[0]}-{digits[^1]}";
    }

    public IReadOnlyList<Occupation> Occupations { get; }

    public IReadOnlyList<Kecamatan> Kecamatan { get; }

    /// <summary>The range digits 5-6 of a NIK issued here take, e.g. "01-16".</summary>
    public string KecamatanNikDigits { get; }

    public bool IsListedOccupation(string code) => CanonicalOccupation(code) is not null;

    /// <summary>The code of the listed occupation typed as its code or its Indonesian name; null when none matches.</summary>
    public string? CanonicalOccupation(string codeOrName) =>
        _occupationByKey.TryGetValue(MatchKey(codeOrName), out var code) ? code : null;

    /// <summary>The kecamatan typed as its name or its Kemendagri code, with or without "Kec."; null when none matches.</summary>
    public string? CanonicalKecamatan(string nameOrCode) =>
        _kecamatanByKey.TryGetValue(MatchKey(KecamatanPrefix().Replace(nameOrCode, "")), out var name) ? name : null;

    /// <summary>
    /// For a NIK issued in this regency (3374 Kota Semarang), whether digits 5-6 are one of its
    /// kecamatan; null for a NIK issued elsewhere, whose kecamatan are not known here.
    /// </summary>
    public bool? IssuedByKnownKecamatan(string nik) =>
        _nikRegencies.Contains(nik[..4]) ? _nikDistricts.Contains(nik[..6]) : null;

    /// <summary>Lower-case letters and digits only: what is left when case, spaces and punctuation do not count.</summary>
    internal static string MatchKey(string value) =>
        string.Create(value.Count(char.IsLetterOrDigit), value, (span, text) =>
        {
            var i = 0;
            foreach (var c in text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    span[i++] = char.ToLowerInvariant(c);
                }
            }
        });

    [GeneratedRegex(@"^\s*kec(amatan)?(\.|\s)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KecamatanPrefix();
}
