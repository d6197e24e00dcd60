using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Registry.Domain;

/// <summary>
/// Every rule a new registration must pass, for one worker or one CSV row alike. Each failure
/// names its field (camelCase, as the client sent it) and says how to put it right.
/// </summary>
public sealed class RegistrationValidator(RegistrationRules rules, ReferenceData reference)
{
    public const int MaxNameLength = PersonName.MaxLength;
    public const int MaxAddressLength = 250;
    public const int MaxKelurahanLength = 100;
    public const int MaxOccupationLength = 100;
    public const int MinDomicileReasonLength = 10;
    public const int MaxDomicileReasonLength = 250;

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

        var name = PersonName.Normalise(input.FullName);
        if (name is null)
        {
            Fail("fullName", "Full name is required.");
        }
        else if (PersonName.Problem(name) is { } nameProblem)
        {
            Fail("fullName", nameProblem);
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
        var domicileReason = Blank(input.DomicileReason);
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
            ValidateNik(nik, birthDate, sex, domicileReason, Fail);
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

        var (occupationCode, occupationText) = ValidateOccupation(Blank(input.OccupationCode), Blank(input.OccupationText), input.P3keListed, Fail);

        string? phone = null;
        if (Blank(input.Phone) is { } rawPhone)
        {
            phone = Phone.Normalise(rawPhone);
            if (phone is null)
            {
                Fail("phone", "Phone must be an Indonesian number such as 0812-3456-7890, +62 812…, +62 (0) 812… or 0062 812…; after +62 a mobile starts with 8 and a landline with its area code (24 for Semarang), never 0 or 1.");
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
            nik!, name!, birthDate!.Value, sex!.Value, phone, address, kecamatan!, kelurahan, occupationCode, input.P3keListed,
            domicileReason, occupationText));
    }

    private void ValidateNik(string nik, DateOnly? birthDate, Sex? sex, string? domicileReason, Action<string, string> fail)
    {
        if (!Nik.HasPlausibleRegion(nik))
        {
            fail("nik", "NIK digits 1-6 are not a region: the province (digits 1-2) runs from 11 to 94, and neither regency nor kecamatan is 00.");
        }

        ValidateRegion(nik, domicileReason, fail);

        if (reference.IssuedByKnownKecamatan(nik) is false)
        {
            fail("nik", $"NIK digits 5-6 (the issuing kecamatan) must be {reference.KecamatanNikDigits} for a NIK of Kota Semarang.");
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

    /// <summary>
    /// A NIK of Kota Semarang is the rule; one issued elsewhere is accepted only with the reason
    /// the worker lives here, and a reason given for a Semarang NIK would record nothing true.
    /// </summary>
    private void ValidateRegion(string nik, string? domicileReason, Action<string, string> fail)
    {
        var prefix = rules.RequiredNikPrefix;
        var outOfRegion = prefix.Length > 0 && !nik.StartsWith(prefix, StringComparison.Ordinal);
        if (outOfRegion && !rules.AcceptOutOfRegionNikWithDomicileReason)
        {
            fail("nik", $"NIK must start with {prefix} (Kota Semarang): the program is for residents registered in Kota Semarang.");
        }
        else if (outOfRegion && domicileReason is null)
        {
            fail("nik", $"NIK must start with {prefix} (Kota Semarang), or, for a resident whose NIK was issued elsewhere, domicileReason must say why they live in Kota Semarang.");
        }
        else if (prefix.Length > 0 && !outOfRegion && domicileReason is not null)
        {
            fail("domicileReason", $"A domicile reason is only for a NIK issued outside Kota Semarang; this NIK starts with {prefix}.");
        }
        else if (domicileReason is not null && (domicileReason.Length < MinDomicileReasonLength || domicileReason.Length > MaxDomicileReasonLength))
        {
            fail("domicileReason", $"Domicile reason must be {MinDomicileReasonLength} to {MaxDomicileReasonLength} characters, e.g. \"Pindah ke Semarang 2019, KTP dari Demak\".");
        }
        else if (domicileReason is not null && domicileReason.Any(char.IsControl))
        {
            fail("domicileReason", "Domicile reason must not contain control characters such as tabs or line breaks.");
        }
    }

    /// <summary>
    /// A listed occupation by code or Indonesian name; a P3KE worker, eligible whatever the work,
    /// keeps an occupation outside the list as free text in its own field, never as a code.
    /// </summary>
    private (string? Code, string? Text) ValidateOccupation(string? typed, string? text, bool p3keListed, Action<string, string> fail)
    {
        var code = typed is null ? null : reference.CanonicalOccupation(typed);
        if (typed is null && !p3keListed)
        {
            fail("occupationCode", "Occupation code is required unless the worker is listed in P3KE.");
        }
        else if (typed is not null && code is null && !p3keListed)
        {
            fail("occupationCode", "Occupation code is not a vulnerable occupation (see GET /api/v1/occupations: a code or the Indonesian name); only workers listed in P3KE may have another occupation.");
        }
        else if (typed is not null && code is null && text is not null)
        {
            fail("occupationCode", "Occupation code is not a listed occupation; a P3KE worker's own description of their work goes in occupationText alone.");
        }
        else if (typed is not null && code is null)
        {
            text = typed;
            if (text.Length > MaxOccupationLength)
            {
                fail("occupationCode", $"Occupation must be at most {MaxOccupationLength} characters.");
            }

            return (null, text);
        }

        if (text?.Length > MaxOccupationLength)
        {
            fail("occupationText", $"Occupation text must be at most {MaxOccupationLength} characters.");
        }
        else if (text is not null && text.Any(char.IsControl))
        {
            fail("occupationText", "Occupation text must not contain control characters such as tabs or line breaks.");
        }

        return (code, text);
    }

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record RegistrationResult(NewWorker? Worker, IDictionary<string, string[]> Errors)
{
    public bool IsValid => Worker is not null;

    public static RegistrationResult Valid(NewWorker worker) => new(worker, new Dictionary<string, string[]>());

    public static RegistrationResult Invalid(IDictionary<string, string[]> errors) => new(null, errors);
}
