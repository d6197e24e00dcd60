using System.Globalization;

namespace PijarSemar.Funding.Sponsors;

/// <summary>
/// The 18-digit NIP (Nomor Induk Pegawai) of an ASN or PPPK civil servant: digits 1-8 the birth
/// date (yyyyMMdd), 9-14 the month of appointment (yyyyMM), 15 the sex (1 man, 2 woman), 16-18 a
/// serial number that starts at 001.
/// </summary>
public static class Nip
{
    public const int Length = 18;

    /// <summary>Nobody is appointed before 18, so the appointment month must begin on or after the 18th birthday.</summary>
    public const int MinimumAgeAtAppointment = 18;

    /// <summary>
    /// Retirement comes at 58 to 65 (70 for professors): a birth date further back than this is a
    /// typing error, not a serving civil servant.
    /// </summary>
    public const int MaximumAge = 70;

    /// <summary>ID cards and HR lists write the NIP in groups ("19850312 201001 1 002"); the spaces are not part of it.</summary>
    public static string Normalize(string value) => value.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Why <paramref name="nip"/> (already normalized) cannot be a civil servant's NIP on <paramref name="today"/>; null when it can.</summary>
    public static string? FindProblem(string nip, DateOnly today)
    {
        if (nip.Length != Length || !nip.All(char.IsAsciiDigit))
        {
            return $"NIP must be {Length} digits (birth date yyyyMMdd, appointment yyyyMM, sex digit, serial).";
        }

        if (!DateOnly.TryParseExact(nip.AsSpan(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
        {
            return "NIP digits 1-8 must be a birth date (yyyyMMdd).";
        }

        if (birthDate.AddYears(MaximumAge) < today)
        {
            return $"NIP digits 1-8 give a birth date more than {MaximumAge} years ago, past every retirement age.";
        }

        if (!DateOnly.TryParseExact(string.Concat(nip.AsSpan(8, 6), "01"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var appointed))
        {
            return "NIP digits 9-14 must be the month of appointment (yyyyMM).";
        }

        if (appointed < birthDate.AddYears(MinimumAgeAtAppointment))
        {
            return $"NIP digits 9-14 give an appointment before the {MinimumAgeAtAppointment}th birthday that digits 1-8 give.";
        }

        if (appointed > today)
        {
            return "NIP digits 9-14 give an appointment month that has not begun yet.";
        }

        if (nip[14] is not ('1' or '2'))
        {
            return "NIP digit 15 is the sex: 1 for a man, 2 for a woman.";
        }

        return nip.AsSpan(15, 3) is "000" ? "NIP digits 16-18 are a serial number starting at 001, never 000." : null;
    }
}
