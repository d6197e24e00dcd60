using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Domain;
using PijarSemar.TestSupport;
using Xunit;
using static PijarSemar.Registry.Tests.Rules.RuleSamples;

namespace PijarSemar.Registry.Tests.Rules;

/// <summary>The rest of the rule matrix: each rule with a request it refuses, naming the field, and one it accepts.</summary>
public sealed class RegistrationRuleTests
{
    public static TheoryData<string, Func<RegisterWorkerRequest, RegisterWorkerRequest>, string> Refused => new()
    {
        { "a man's NIK declared Female", r => r with { Sex = "Female" }, "sex" },
        { "sex not Male or Female", r => r with { Sex = "L" }, "sex" },
        { "sex missing", r => r with { Sex = null }, "sex" },
        { "birth date missing", r => r with { BirthDate = null }, "birthDate" },
        { "kecamatan missing", r => r with { Kecamatan = null }, "kecamatan" },
        { "occupation missing without P3KE", r => r with { OccupationCode = null }, "occupationCode" },
        { "address too long", r => r with { Address = new string('x', 251) }, "address" },
        { "kelurahan too long", r => r with { Kelurahan = new string('x', 101) }, "kelurahan" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_registration_breaking_a_rule_is_refused_on_that_field_alone(
        string rule, Func<RegisterWorkerRequest, RegisterWorkerRequest> breakRule, string field)
    {
        Assert.True(Validate(WorkerSamples.Valid()).IsValid);

        Assert.True(FailingFields(breakRule(WorkerSamples.Valid())).SequenceEqual([field]), rule);
    }

    [Fact]
    public void An_address_and_kelurahan_at_their_maximum_length_are_accepted()
    {
        Assert.True(Validate(WorkerSamples.Valid() with { Address = new string('x', 250), Kelurahan = new string('x', 100) }).IsValid);
    }

    [Theory]
    [InlineData(14, 0)]
    [InlineData(66, -1)]
    public void A_worker_outside_the_age_bounds_is_refused_on_birth_date(int age, int days)
    {
        var born = Today.AddYears(-age).AddDays(days);

        Assert.Equal(["birthDate"], FailingFields(WorkerSamples.Valid(birthDate: born)));
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(66, 1)]
    public void A_worker_exactly_at_an_age_bound_is_accepted(int years, int days)
    {
        var born = Today.AddYears(-years).AddDays(days);

        Assert.True(Validate(WorkerSamples.Valid(birthDate: born)).IsValid);
    }

    [Fact]
    public void A_worker_a_day_short_of_15_is_refused()
    {
        Assert.Equal(["birthDate"], FailingFields(WorkerSamples.Valid(birthDate: Today.AddYears(-15).AddDays(1))));
    }

    [Fact]
    public void A_birth_date_in_the_future_is_refused()
    {
        Assert.Equal(["Birth date is in the future."], Validate(WorkerSamples.Valid(birthDate: Today.AddDays(1))).Errors["birthDate"]);
    }

    [Fact]
    public void The_configured_minimum_age_is_applied_and_named_in_the_message()
    {
        var result = Validate(WorkerSamples.Valid(birthDate: Today.AddYears(-17).AddDays(-10)), new RegistrationRules { MinimumAge = 18 });

        Assert.Contains("between 18 and 65", result.Errors["birthDate"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_broken_rules_are_all_reported_at_once()
    {
        var request = WorkerSamples.Valid() with { Nik = "1", Kecamatan = "Bandung", Phone = "x", FullName = "A" };

        Assert.Equal(["fullName", "kecamatan", "nik", "phone"], FailingFields(request));
    }

    [Fact]
    public void A_valid_registration_is_normalised()
    {
        var request = WorkerSamples.Valid();
        var result = Validate(request with
        {
            Nik = " " + request.Nik + " ",
            Kecamatan = "kec. semarang tengah",
            Phone = "+62 (0) 812 3456 7890",
            Address = "  Jl. Pemuda No. 1 ",
            Kelurahan = " ",
        });

        Assert.True(result.IsValid);
        Assert.Equal(("Semarang Tengah", "+6281234567890", "Jl. Pemuda No. 1", null, null, false),
            (result.Worker!.Kecamatan, result.Worker.Phone, result.Worker.Address, result.Worker.Kelurahan, result.Worker.DomicileReason, result.Worker.NikNeedsReview));
        Assert.Equal(request.Nik, result.Worker.Nik);
    }
}
