using System.Globalization;
using System.Text.RegularExpressions;

namespace PijarSemar.Registry.Domain;

/// <summary>
/// A person's name as on the KTP: letters (any script, with their accents), spaces, apostrophes,
/// hyphens and dots, e.g. "Nur'aini", "Siti Rahayu-Putri", "Moh. Ali".
/// </summary>
public static partial class PersonName
{
    public const int MaxLength = 150;

    /// <summary>Trimmed, with every run of spaces (a no-break space copied from a web page too) made one space; null when nothing is left.</summary>
    public static string? Normalise(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? null : Spaces().Replace(raw.Trim(), " ");

    /// <summary>What is wrong with a normalised name; null when nothing is.</summary>
    public static string? Problem(string name)
    {
        if (name.Length > MaxLength)
        {
            return $"Full name must be at most {MaxLength} characters.";
        }

        if (name.Any(char.IsControl))
        {
            return "Full name must not contain control characters such as tabs or line breaks.";
        }

        // A spreadsheet would run a value starting with one of these as a formula.
        if (name[0] is '=' or '+' or '-' or '@')
        {
            return "Full name must not start with =, +, - or @.";
        }

        if (name.Any(char.IsDigit))
        {
            return "Full name must contain letters and no digits.";
        }

        if (name.FirstOrDefault(c => !IsNameCharacter(c)) is var other and not '\0')
        {
            return $"Full name may contain only letters, spaces, apostrophes, hyphens and dots, not '{other}'.";
        }

        if (!char.IsLetter(name[0]))
        {
            return "Full name must start with a letter.";
        }

        if (name.Count(char.IsLetter) < 2)
        {
            return "Full name must have at least two letters; a single letter is not a name.";
        }

        return null;
    }

    private static bool IsNameCharacter(char c) =>
        char.IsLetter(c)
        || c is ' ' or '\'' or '\u2019' or '-' or '.'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    [GeneratedRegex(@"\p{Zs}+")]
    private static partial Regex Spaces();
}
