namespace PijarSemar.Registry.Domain;

public static class Phone
{
    /// <summary>
    /// Accepts the ways Indonesians write a number (0812-3456-7890, 62812…, +62 812…) and returns
    /// the international form +62…; null when it cannot be an Indonesian number.
    /// </summary>
    public static string? Normalise(string raw)
    {
        var digits = new string(raw.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')')).ToArray());
        var national = digits switch
        {
            _ when digits.StartsWith("+62", StringComparison.Ordinal) => digits[3..],
            _ when digits.StartsWith("62", StringComparison.Ordinal) => digits[2..],
            _ when digits.StartsWith('0') => digits[1..],
            _ => null,
        };

        // Mobile (8…) and landline (area code 2…, e.g. 24 Semarang) numbers have 8 to 12 digits after the country code.
        return national is { Length: >= 8 and <= 12 } && national[0] != '0' && national.All(char.IsAsciiDigit)
            ? "+62" + national
            : null;
    }
}
