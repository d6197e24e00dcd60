using PijarSemar.Funding.Sponsors;
using Xunit;

namespace PijarSemar.Funding.Tests.Sponsors;

public sealed class NipRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    // Born 12 March 1985, appointed January 2010, a man, serial 002.
    private const string Valid = "198503122010011002";

    [Theory]
    [InlineData(Valid)]
    [InlineData("198503122010012002")]
    [InlineData("200002292018031001")]
    public void A_nip_with_a_real_birth_date_an_adult_appointment_a_sex_digit_and_a_serial_is_accepted(string nip) =>
        Assert.Null(Nip.FindProblem(nip, Today));

    [Fact]
    public void The_spaces_an_id_card_writes_between_the_groups_are_not_part_of_the_nip() =>
        Assert.Equal(Valid, Nip.Normalize("19850312 201001 1 002"));

    [Theory]
    [InlineData("19850312201001100")]
    [InlineData("1985031220100110021")]
    [InlineData("19850312201001100A")]
    [InlineData("１98503122010011002")]
    public void A_nip_that_is_not_eighteen_ascii_digits_is_refused(string nip) =>
        Assert.Contains("18 digits", Nip.FindProblem(nip, Today));

    [Theory]
    [InlineData("198502302010011002")]
    [InlineData("198513012010011002")]
    [InlineData("198503002010011002")]
    [InlineData("199902292018031001")]
    public void A_birth_date_that_is_not_a_day_of_the_calendar_is_refused(string nip) =>
        Assert.Contains("digits 1-8 must be a birth date", Nip.FindProblem(nip, Today));

    [Fact]
    public void A_birth_date_past_every_retirement_age_is_refused() =>
        Assert.Contains("more than 70 years ago", Nip.FindProblem("195011302010011002", Today));

    [Theory]
    [InlineData("198503122010131002")]
    [InlineData("198503122010001002")]
    public void An_appointment_month_that_does_not_exist_is_refused(string nip) =>
        Assert.Contains("digits 9-14 must be the month of appointment", Nip.FindProblem(nip, Today));

    [Theory]
    [InlineData("198503122003031002")]
    [InlineData("198503122000011002")]
    public void An_appointment_before_the_eighteenth_birthday_is_refused(string nip) =>
        Assert.Contains("before the 18th birthday", Nip.FindProblem(nip, Today));

    [Fact]
    public void An_appointment_in_the_month_after_the_eighteenth_birthday_is_accepted() =>
        Assert.Null(Nip.FindProblem("198503122003041002", Today));

    [Fact]
    public void An_appointment_month_that_has_not_begun_is_refused() =>
        Assert.Contains("has not begun", Nip.FindProblem("198503122027011002", Today));

    [Theory]
    [InlineData("198503122010010002")]
    [InlineData("198503122010013002")]
    [InlineData("198503122010019002")]
    public void A_sex_digit_other_than_1_or_2_is_refused(string nip) =>
        Assert.Contains("digit 15 is the sex", Nip.FindProblem(nip, Today));

    [Fact]
    public void Serial_000_is_refused() =>
        Assert.Contains("never 000", Nip.FindProblem("198503122010011000", Today));

    [Theory]
    [InlineData("9120001234567", null)]
    [InlineData("912000123456", "13 digits")]
    [InlineData("91200012345678", "13 digits")]
    [InlineData("91200O1234567", "13 digits")]
    [InlineData("0000000000000", "not a registration number")]
    public void A_company_is_identified_by_a_thirteen_digit_nib(string nib, string? problem)
    {
        var found = CompanyRegistrationNumber.FindProblem(nib);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found);
        }
    }

    [Fact]
    public void A_civil_servant_needs_a_unit_and_a_company_does_not()
    {
        var (civilServant, civilServantProblems) = SponsorRules.Check("Pppk", "19850312 201001 1 002", " Budi ", "  ", Today);
        var (company, _) = SponsorRules.Check("company", "9120001234567", "PT Jamu Sehat", null, Today);

        Assert.Null(civilServant);
        Assert.Equal(["unit"], civilServantProblems.Select(p => p.Field));
        Assert.Equal(new NewSponsor(SponsorType.Company, "9120001234567", "PT Jamu Sehat", null), company);
    }

    [Fact]
    public void A_sponsor_is_checked_field_by_field_and_cleaned()
    {
        var (sponsor, _) = SponsorRules.Check(" asn ", " 19850312 201001 1 002 ", "  Sri   Wahyuni ", " Dinas  Kesehatan ", Today);
        var (_, problems) = SponsorRules.Check("Pns", "", new string('x', 201), "Dinas Kesehatan", Today);

        Assert.Equal(new NewSponsor(SponsorType.Asn, Valid, "Sri Wahyuni", "Dinas Kesehatan"), sponsor);
        Assert.Equal(["type", "identifier", "name"], problems.Select(p => p.Field));
    }

    [Fact]
    public void A_company_nib_given_as_a_civil_servant_is_checked_as_a_nip() =>
        Assert.Equal(["identifier"], SponsorRules.Check("Asn", "9120001234567", "Budi", "Dinas Kesehatan", Today).Problems.Select(p => p.Field));
}
