namespace PijarSemar.Registry.Domain;

public static class Phone
{
    /// <summary>
    /// Accepts the ways Indonesians write a number (0812-3456-7890, 62812…, +62 812…, +62 (0) 812…,
    /// 0062 812…) and returns the international form +62…; null when it cannot be an Indonesian number.
    /// </summary>
    public static string? Normalise(string raw)
    {
        var digits = new string(raw.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '(' or ')')).ToArray());
        var afterCountryCode = digits switch
        {
            _ when digits.StartsWith("+62", StringComparison.Ordinal) => digits[3..],
            _ when digits.StartsWith("0062", StringComparison.Ordinal) => digits[4..],
            _ when digits.StartsWith("62", StringComparison.Ordinal) => digits[2..],
            _ => null,
        };

        // "+62 (0) 812…": the trunk 0 written after the country code is dropped, as a phone would.
        var national = afterCountryCode is not null
            ? (afterCountryCode.StartsWith('0') ? afterCountryCode[1..] : afterCountryCode)
            : digits.StartsWith('0') ? digits[1..] : null;

        return national is not null && IsNationalNumber(national) ? "+62" + national : null;
    }

    /// <summary>
    /// Mobiles start with 8 and have 9 to 12 digits after the country code; landlines start with
    /// an area code of 2 to 9 (24 is Semarang) and have 8 to 12. No Indonesian number starts with 0 or 1.
    /// </summary>
    private static bool IsNationalNumber(string national) =>
        national.Length is >= 8 and <= 12
        && national.All(char.IsAsciiDigit)
        && national[0] is >= '2' and <= '9'
        && (national[0] != '8' || national.Length >= 9);
}
