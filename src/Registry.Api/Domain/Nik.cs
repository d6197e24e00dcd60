namespace PijarSemar.Registry.Domain;

/// <summary>
/// The 16-digit national ID number: digits 1-6 region (3374.. is Kota Semarang), 7-12 the birth
/// date as DDMMYY with 40 added to DD for women, 13-16 a serial number.
/// </summary>
public static class Nik
{
    public const int Length = 16;

    public static bool HasValidShape(string nik) => nik.Length == Length && nik.All(char.IsAsciiDigit);

    /// <summary>Reads the birth date digits; null when they are not a date in any century.</summary>
    public static (int Day, int Month, int YearOfCentury, Sex Sex)? BirthDigits(string nik)
    {
        var dd = int.Parse(nik.AsSpan(6, 2), provider: null);
        var mm = int.Parse(nik.AsSpan(8, 2), provider: null);
        var yy = int.Parse(nik.AsSpan(10, 2), provider: null);
        var sex = dd > 40 ? Sex.Female : Sex.Male;
        var day = sex == Sex.Female ? dd - 40 : dd;

        // 29 February only exists in leap years, so check against a leap year; the exact year is checked against birthDate.
        var valid = mm is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2000, mm);
        return valid ? (day, mm, yy, sex) : null;
    }

    public static bool HasSerial(string nik) => nik.AsSpan(12, 4) is not "0000";
}
