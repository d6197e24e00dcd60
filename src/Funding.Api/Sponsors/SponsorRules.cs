using System.Text.RegularExpressions;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Funding.Sponsors;

/// <summary>A sponsor that passed every rule, with its values cleaned (trimmed, NIP spaces removed).</summary>
public sealed record NewSponsor(SponsorType Type, string Identifier, string Name, string? Unit);

/// <summary>One reason a sponsor is refused, against the field (as named in the JSON request) it concerns.</summary>
public readonly record struct SponsorProblem(string Field, string Reason);

/// <summary>The rules of a sponsor, shared by a single registration and the roster import.</summary>
public static partial class SponsorRules
{
    public const int MaxTextLength = 200;

    public static (NewSponsor? Sponsor, IReadOnlyList<SponsorProblem> Problems) Check(
        string? type, string? identifier, string? name, string? unit, DateOnly today)
    {
        var problems = new List<SponsorProblem>();
        var sponsorType = EnumName.Parse<SponsorType>(type);
        if (sponsorType is null)
        {
            problems.Add(new("type", $"Type must be one of {string.Join(", ", Enum.GetNames<SponsorType>())}."));
        }

        var cleanIdentifier = (identifier ?? "").Trim();
        if (cleanIdentifier.Length == 0)
        {
            problems.Add(new("identifier", "Identifier is required: the NIP of a civil servant, the NIB of a company."));
        }
        else if (sponsorType is { } known && IdentifierProblem(known, ref cleanIdentifier, today) is { } reason)
        {
            problems.Add(new("identifier", reason));
        }

        var cleanName = Clean(name);
        if (cleanName is null)
        {
            problems.Add(new("name", "Name is required."));
        }
        else if (cleanName.Length > MaxTextLength)
        {
            problems.Add(new("name", $"Name must be at most {MaxTextLength} characters."));
        }

        var cleanUnit = Clean(unit);
        if (cleanUnit is null && sponsorType is SponsorType.Asn or SponsorType.Pppk)
        {
            problems.Add(new("unit", "Unit (the working unit, OPD) is required for a civil servant."));
        }
        else if (cleanUnit is { Length: > MaxTextLength })
        {
            problems.Add(new("unit", $"Unit must be at most {MaxTextLength} characters."));
        }

        return problems.Count > 0
            ? (null, problems)
            : (new NewSponsor(sponsorType!.Value, cleanIdentifier, cleanName!, cleanUnit), problems);
    }

    /// <summary>
    /// Trimmed, with runs of spaces made one, so the same unit typed twice counts as one unit in
    /// the compliance report; null when empty.
    /// </summary>
    public static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : Spaces().Replace(value.Trim(), " ");

    private static string? IdentifierProblem(SponsorType type, ref string identifier, DateOnly today)
    {
        if (type == SponsorType.Company)
        {
            return CompanyRegistrationNumber.FindProblem(identifier);
        }

        identifier = Nip.Normalize(identifier);
        return Nip.FindProblem(identifier, today);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
