using System.Text.RegularExpressions;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Domain;

namespace PijarSemar.Registry.Tests.Rules;

/// <summary>
/// The rules without a database: the reference data read from the same migration the database
/// applies, so the unit tests check against the real lists, and a fixed "today".
/// </summary>
internal static partial class RuleSamples
{
    public static readonly DateOnly Today = new(2026, 12, 1);

    public static readonly ReferenceData Reference = LoadReference();

    public static RegistrationResult Validate(RegisterWorkerRequest request, RegistrationRules? rules = null) =>
        new RegistrationValidator(rules ?? new RegistrationRules(), Reference).Validate(request, Today);

    /// <summary>The fields a request breaks, in order; empty when it passes.</summary>
    public static IEnumerable<string> FailingFields(RegisterWorkerRequest request, RegistrationRules? rules = null) =>
        Validate(request, rules).Errors.Keys.Order(StringComparer.Ordinal);

    public static string Messages(RegisterWorkerRequest request, RegistrationRules? rules = null) =>
        string.Join(" | ", Validate(request, rules).Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));

    private static ReferenceData LoadReference()
    {
        using var stream = typeof(RegistrationValidator).Assembly.GetManifestResourceStream("Migrations/0001_reference_data.sql")
            ?? throw new InvalidOperationException("The reference data migration is not embedded in Registry.Api.");
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd();
        var occupations = OccupationRow().Matches(sql)
            .Select(m => new Occupation(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        var kecamatan = KecamatanRow().Matches(sql)
            .Select(m => new Kecamatan(m.Groups[1].Value, m.Groups[2].Value)).ToList();
        return new ReferenceData(occupations, kecamatan);
    }

    [GeneratedRegex(@"\('([^']+)',\s*'([^']+)',\s*'([^']+)',\s*\d+\)")]
    private static partial Regex OccupationRow();

    [GeneratedRegex(@"\('(33\.74\.\d\d)',\s*'([^']+)'\)")]
    private static partial Regex KecamatanRow();
}
