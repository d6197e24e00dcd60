using System.Text.RegularExpressions;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Registry.Domain;

/// <summary>
/// Every rule a new registration must pass, for one worker or one CSV row alike. Each failure
/// names its field (camelCase, as the client sent it) and says how to put it right.
/// </summary>
public sealed partial class RegistrationValidator(RegistrationRules rules, ReferenceData reference)
{
    public const int MaxNameLength = 150;
    public const int MaxAddressLength = 250;
    public const int MaxKelurahanLength = 100;
    public const int MaxOccupationLength = 100;

    public RegistrationResult Validate(RegisterWorkerRequest input, DateOnly today)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var name = NormaliseName(input.FullName);
        if (name is null)
        {
            Fail("fullName", "Full name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            Fail("fullName", $"Full name must be at most {MaxNameLength} characters.");
        }
        else if (!name.Any(char.IsLetter) || name.Any(char.IsDigit))
        {
            Fail("fullName", "Full name must contain letters and no digits.");
        }

        var sex = EnumName.Parse<Sex>(input.Sex);
        if (sex is null)
        {
            Fail("sex", "Sex must be Male or Female.");
        }

        var birthDate = input.BirthDate;
        if (birthDate is null)
        {
            Fail("birthDate", "Birth date is required (yyyy-MM-dd).");
        }
        else if (birthDate > today)
        {
            Fail("birthDate", "Birth date is in the future.");
        }
        else
        {
            var age = AgeOn(birthDate.Value, today);
            if (age < rules.MinimumAge || age > rules.MaximumAge)
            {
                Fail("birthDate", $"Age at registration must be between {rules.MinimumAge} and {rules.MaximumAge}; this birth date gives {age}.");
            }
        }

        var nik = input.Nik?.Trim();
        if (string.IsNullOrEmpty(nik))
        {
            Fail("nik", "NIK is required.");
        }
        else if (!Nik.HasValidShape(nik))
        {
            Fail("nik", "NIK must be exactly 16 digits.");
        }
        else
        {
            ValidateNik(nik, birthDate, sex, Fail);
        }

        var kecamatan = string.IsNullOrWhiteSpace(input.Kecamatan) ? null : reference.CanonicalKecamatan(input.Kecamatan);
        if (string.IsNullOrWhiteSpace(input.Kecamatan))
        {
            Fail("kecamatan", "Kecamatan is required.");
        }
        else if (kecamatan is null)
        {
            Fail("kecamatan", "Kecamatan is not one of the 16 kecamatan of Kota Semarang (see GET /api/v1/regions).");
        }

        var occupation = Blank(input.OccupationCode);
        if (!input.P3keListed)
        {
            if (occupation is null)
            {
                Fail("occupationCode", "Occupation code is required unless the worker is listed in P3KE.");
            }
            else if (!reference.IsListedOccupation(occupation))
            {
                Fail("occupationCode", "Occupation code is not a vulnerable occupation (see GET /api/v1/occupations); only workers listed in P3KE may have another occupation.");
            }
        }
        else if (occupation?.Length > MaxOccupationLength)
        {
            Fail("occupationCode", $"Occupation must be at most {MaxOccupationLength} characters.");
        }

        string? phone = null;
        if (Blank(input.Phone) is { } rawPhone)
        {
            phone = Phone.Normalise(rawPhone);
            if (phone is null)
            {
                Fail("phone", "Phone must be an Indonesian number such as 0812-3456-7890, 62812… or +62812….");
            }
        }

        var address = Blank(input.Address);
        if (address?.Length > MaxAddressLength)
        {
            Fail("address", $"Address must be at most {MaxAddressLength} characters.");
        }

        var kelurahan = Blank(input.Kelurahan);
        if (kelurahan?.Length > MaxKelurahanLength)
        {
            Fail("kelurahan", $"Kelurahan must be at most {MaxKelurahanLength} characters.");
        }

        if (errors.Count > 0)
        {
            return RegistrationResult.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        return RegistrationResult.Valid(new NewWorker(
            nik!, name!, birthDate!.Value, sex!.Value, phone, address, kecamatan!, kelurahan, occupation, input.P3keListed));
    }

    private void ValidateNik(string nik, DateOnly? birthDate, Sex? sex, Action<string, string> fail)
    {
        if (rules.RequiredNikPrefix.Length > 0 && !nik.StartsWith(rules.RequiredNikPrefix, StringComparison.Ordinal))
        {
            fail("nik", $"NIK must start with {rules.RequiredNikPrefix} (Kota Semarang): the program is for residents registered in Kota Semarang.");
        }

        if (!Nik.HasSerial(nik))
        {
            fail("nik", "NIK digits 13-16 (the serial number) cannot be 0000.");
        }

        if (Nik.BirthDigits(nik) is not { } digits)
        {
            fail("nik", "NIK digits 7-12 are not a birth date (DDMMYY, with 40 added to DD for women).");
            return;
        }

        if (birthDate is { } date
            && (digits.Day != date.Day || digits.Month != date.Month || digits.YearOfCentury != date.Year % 100))
        {
            fail("nik", "NIK digits 7-12 (DDMMYY) do not match birthDate.");
        }

        if (sex is { } declared && declared != digits.Sex)
        {
            fail("sex", digits.Sex == Sex.Female
                ? "The NIK marks a woman (40 added to the birth day) but sex is Male."
                : "The NIK marks a man (no 40 added to the birth day) but sex is Female.");
        }
    }

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? NormaliseName(string? value) =>
        Blank(value) is { } name ? Whitespace().Replace(name, " ") : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

public sealed record RegistrationResult(NewWorker? Worker, IDictionary<string, string[]> Errors)
{
    public bool IsValid => Worker is not null;

    public static RegistrationResult Valid(NewWorker worker) => new(worker, new Dictionary<string, string[]>());

    public static RegistrationResult Invalid(IDictionary<string, string[]> errors) => new(null, errors);
}
