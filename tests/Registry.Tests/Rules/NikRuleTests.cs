using PijarSemar.Registry.Domain;
using PijarSemar.TestSupport;
using Xunit;
using static PijarSemar.Registry.Tests.Rules.RuleSamples;

namespace PijarSemar.Registry.Tests.Rules;

/// <summary>The NIK rules: region, issuing kecamatan, birth date and sex digits, serial.</summary>
public sealed class NikRuleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void A_woman_born_on_the_first_ten_days_of_a_month_has_41_to_50_in_her_nik_and_is_accepted(int day)
    {
        var request = WorkerSamples.Valid("Female", new DateOnly(1990, 3, day));

        var result = Validate(request);

        Assert.Equal((40 + day).ToString("00", System.Globalization.CultureInfo.InvariantCulture), request.Nik![6..8]);
        Assert.True(result.IsValid, Messages(request));
        Assert.Equal(Sex.Female, result.Worker!.Sex);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void A_woman_born_on_the_first_ten_days_declared_male_is_refused_on_sex(int day)
    {
        var request = WorkerSamples.Valid("Female", new DateOnly(1990, 3, day)) with { Sex = "Male" };

        Assert.Equal(["sex"], FailingFields(request));
    }

    [Theory]
    [InlineData("Female", "71")]
    [InlineData("Male", "31")]
    public void Someone_born_on_the_31st_is_accepted_with_the_day_digits_of_their_sex(string sex, string digits)
    {
        var request = WorkerSamples.Valid(sex, new DateOnly(1988, 12, 31));

        Assert.Equal(digits, request.Nik![6..8]);
        Assert.True(Validate(request).IsValid, Messages(request));
    }

    [Theory]
    [InlineData("32")]
    [InlineData("72")]
    [InlineData("00")]
    [InlineData("40")]
    public void Day_digits_past_the_end_of_the_month_or_zero_are_not_a_birth_date(string dd)
    {
        var request = WorkerSamples.Valid(birthDate: new DateOnly(1988, 12, 31));

        var result = Validate(request with { Nik = request.Nik![..6] + dd + request.Nik[8..] });

        Assert.Contains("NIK digits 7-12 are not a birth date (DDMMYY, with 40 added to DD for women).", result.Errors["nik"]);
    }

    [Theory]
    [InlineData("Male")]
    [InlineData("Female")]
    public void Someone_born_on_29_february_of_a_leap_year_is_accepted(string sex)
    {
        var request = WorkerSamples.Valid(sex, new DateOnly(1992, 2, 29));

        Assert.True(Validate(request).IsValid, Messages(request));
    }

    [Theory]
    [InlineData("290290")]
    [InlineData("690290")]
    [InlineData("300292")]
    public void Birth_digits_of_29_february_in_a_year_that_is_never_a_leap_year_or_of_30_february_are_not_a_birth_date(string ddmmyy)
    {
        Assert.Null(Nik.BirthDigits("337401" + ddmmyy + "0001"));
    }

    [Fact]
    public void Birth_digits_of_29_february_00_are_a_birth_date_because_2000_was_a_leap_year()
    {
        Assert.Equal((29, 2, 0, Sex.Male), Nik.BirthDigits("3374012902000001"));
    }

    [Fact]
    public void A_nik_that_differs_from_the_birth_date_only_in_the_year_is_refused()
    {
        var request = WorkerSamples.Valid(birthDate: new DateOnly(1990, 5, 12));

        var result = Validate(request with { BirthDate = new DateOnly(1991, 5, 12) });

        Assert.Equal(["NIK digits 7-12 (DDMMYY) do not match birthDate."], result.Errors["nik"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void A_nik_that_differs_from_the_birth_date_only_in_the_day_or_the_month_is_refused(int months)
    {
        var request = WorkerSamples.Valid(birthDate: new DateOnly(1990, 5, 12));

        Assert.Equal(["nik"], FailingFields(request with { BirthDate = request.BirthDate!.Value.AddMonths(months) }));
        Assert.Equal(["nik"], FailingFields(request with { BirthDate = request.BirthDate!.Value.AddDays(months) }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(16)]
    public void A_semarang_nik_issued_by_one_of_the_16_kecamatan_is_accepted(int district)
    {
        var born = new DateOnly(1980, 6, 15);
        var request = WorkerSamples.Valid(birthDate: born) with { Nik = WorkerSamples.NikFor(born, "Male", district: district) };

        Assert.True(Validate(request).IsValid, Messages(request));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(99)]
    public void A_semarang_nik_whose_kecamatan_digits_are_past_16_is_refused(int district)
    {
        var born = new DateOnly(1980, 6, 15);
        var request = WorkerSamples.Valid(birthDate: born) with { Nik = WorkerSamples.NikFor(born, "Male", district: district) };

        Assert.Equal(["NIK digits 5-6 (the issuing kecamatan) must be 01-16 for a NIK of Kota Semarang."], Validate(request).Errors["nik"]);
    }

    [Fact]
    public void A_semarang_nik_with_kecamatan_digits_00_is_refused()
    {
        var request = WorkerSamples.Valid();

        Assert.Equal(["nik"], FailingFields(request with { Nik = "337400" + request.Nik![6..] }));
    }

    [Theory]
    [InlineData("1001")]
    [InlineData("9501")]
    [InlineData("3300")]
    public void A_nik_whose_province_or_regency_digits_name_no_region_is_refused_even_with_a_domicile_reason(string region)
    {
        var request = WorkerSamples.Valid();

        var result = Validate(request with { Nik = region + request.Nik![4..], DomicileReason = "Pindah ke Semarang tahun 2019" });

        Assert.Contains(result.Errors["nik"], m => m.StartsWith("NIK digits 1-6 are not a region", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nik_from_another_regency_without_a_domicile_reason_is_refused_saying_how_to_register_it()
    {
        var request = WorkerSamples.Valid();

        var result = Validate(request with { Nik = "3321" + request.Nik![4..] });

        Assert.Equal(["nik"], result.Errors.Keys);
        Assert.Contains("domicileReason", result.Errors["nik"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_nik_from_another_regency_with_a_domicile_reason_is_accepted_and_keeps_the_reason()
    {
        var request = WorkerSamples.Valid();

        var result = Validate(request with { Nik = "3321" + request.Nik![4..], DomicileReason = "  Pindah ke Semarang 2019, KTP dari Demak " });

        Assert.True(result.IsValid, Messages(request));
        Assert.Equal("Pindah ke Semarang 2019, KTP dari Demak", result.Worker!.DomicileReason);
    }

    [Fact]
    public void The_kecamatan_digits_of_a_nik_from_another_regency_are_not_held_to_semarangs_16()
    {
        var request = WorkerSamples.Valid();

        var result = Validate(request with { Nik = "332125" + request.Nik![6..], DomicileReason = "Pindah ke Semarang 2019, KTP dari Demak" });

        Assert.True(result.IsValid, Messages(request));
    }

    [Theory]
    [InlineData("Pindah")]
    [InlineData("Pindah ke\tSemarang")]
    public void A_domicile_reason_too_short_to_say_anything_or_with_control_characters_is_refused(string reason)
    {
        var request = WorkerSamples.Valid();

        Assert.Equal(["domicileReason"], FailingFields(request with { Nik = "3321" + request.Nik![4..], DomicileReason = reason }));
    }

    [Fact]
    public void A_domicile_reason_for_a_semarang_nik_is_refused_rather_than_recorded()
    {
        Assert.Equal(["domicileReason"], FailingFields(WorkerSamples.Valid() with { DomicileReason = "Pindah ke Semarang 2019" }));
    }

    [Fact]
    public void When_out_of_region_niks_are_switched_off_a_domicile_reason_does_not_let_one_in()
    {
        var request = WorkerSamples.Valid();
        var rules = new RegistrationRules { AcceptOutOfRegionNikWithDomicileReason = false };

        var result = Validate(request with { Nik = "3321" + request.Nik![4..], DomicileReason = "Pindah ke Semarang 2019" }, rules);

        Assert.Equal(["NIK must start with 3374 (Kota Semarang): the program is for residents registered in Kota Semarang."], result.Errors["nik"]);
    }

    [Fact]
    public void With_no_region_prefix_configured_a_nik_from_another_regency_needs_no_domicile_reason()
    {
        var request = WorkerSamples.Valid();

        var result = Validate(request with { Nik = "3321" + request.Nik![4..] }, new RegistrationRules { RequiredNikPrefix = "" });

        Assert.True(result.IsValid, Messages(request));
    }

    [Theory]
    [InlineData("337401010190001")]
    [InlineData("33740101019000011")]
    [InlineData("3374010101900A01")]
    [InlineData("")]
    [InlineData(null)]
    public void A_nik_that_is_not_16_digits_is_refused(string? nik)
    {
        Assert.Equal(["nik"], FailingFields(WorkerSamples.Valid() with { Nik = nik }));
    }

    [Fact]
    public void A_nik_with_serial_0000_is_refused()
    {
        var request = WorkerSamples.Valid();

        Assert.Equal(["NIK digits 13-16 (the serial number) cannot be 0000."], Validate(request with { Nik = request.Nik![..12] + "0000" }).Errors["nik"]);
    }

    [Theory]
    [InlineData("3374010101900010", true)]
    [InlineData("3374010101900001", false)]
    public void A_nik_ending_in_0_may_have_lost_its_last_digit_to_a_spreadsheet(string nik, bool suspect)
    {
        Assert.Equal(suspect, Nik.MayHaveLostLastDigit(nik));
    }
}
