namespace PijarSemar.Registry.Domain;

/// <summary>
/// The 16-digit national ID number: digits 1-2 province, 3-4 regency (3374.. is Kota Semarang),
/// 5-6 the kecamatan that issued it, 7-12 the birth date as DDMMYY with 40 added to DD for women,
/// 13-16 a serial number. A NIK is for life: it keeps the region where it was first issued.
/// </summary>
public static class Nik
{
    public const int Length = 16;

    public static bool HasValidShape(string nik) => nik.Length == Length && nik.All(char.IsAsciiDigit);

    /// <summary>
    /// Whether digits 1-6 can name a region: a province code from 11 (Aceh) to 94 (Papua), and
    /// neither the regency nor the kecamatan written as 00.
    /// </summary>
    public static bool HasPlausibleRegion(string nik) =>
        int.Parse(nik.AsSpan(0, 2), provider: null) is >= 11 and <= 94
        && nik.AsSpan(2, 2) is not "00"
        && nik.AsSpan(4, 2) is not "00";

    /// <summary>Reads the birth date digits; null when they are not a date of the 1900s or the 2000s.</summary>
    public static (int Day, int Month, int YearOfCentury, Sex Sex)? BirthDigits(string nik)
    {
        var dd = int.Parse(nik.AsSpan(6, 2), provider: null);
        var mm = int.Parse(nik.AsSpan(8, 2), provider: null);
        var yy = int.Parse(nik.AsSpan(10, 2), provider: null);
        var sex = dd > 40 ? Sex.Female : Sex.Male;
        var day = sex == Sex.Female ? dd - 40 : dd;

        // 29 February exists in 2000 but not in 1900 or 1990: the day must exist in one of the two
        // centuries a living worker can be born in. The exact year is checked against birthDate.
        var valid = mm is >= 1 and <= 12
            && day >= 1
            && (day <= DateTime.DaysInMonth(1900 + yy, mm) || day <= DateTime.DaysInMonth(2000 + yy, mm));
        return valid ? (day, mm, yy, sex) : null;
    }

    public static bool HasSerial(string nik) => nik.AsSpan(12, 4) is not "0000";

    /// <summary>
    /// A spreadsheet that read the NIK as a number keeps 15 significant digits and writes the 16th
    /// as 0, so a NIK ending in 0 from a file may not be the one on the KTP. (A real NIK may also
    /// end in 0, which is why it is flagged for review rather than refused.)
    /// </summary>
    public static bool MayHaveLostLastDigit(string nik) => nik[^1] == '0';
}
