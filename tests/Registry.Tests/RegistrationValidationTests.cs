using System.Net;
using System.Net.Http.Json;
using System.Text;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

/// <summary>Every registration rule, each with a request it rejects (naming the field) and one it accepts.</summary>
public sealed class RegistrationValidationTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).DateTime);

    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    public static TheoryData<string, Func<RegisterWorkerRequest, RegisterWorkerRequest>, string> Rejected => new()
    {
        { "NIK shorter than 16 digits", r => r with { Nik = "337401010190001" }, "nik" },
        { "NIK with a letter", r => r with { Nik = "3374010101900A01" }, "nik" },
        { "NIK missing", r => r with { Nik = null }, "nik" },
        { "NIK from outside Kota Semarang", r => r with { Nik = "3301" + r.Nik![4..] }, "nik" },
        { "NIK birth digits not a date", r => r with { Nik = r.Nik![..6] + "3213" + r.Nik[10..] }, "nik" },
        { "NIK birth digits not matching birthDate", r => r with { BirthDate = r.BirthDate!.Value.AddDays(1) }, "nik" },
        { "NIK serial 0000", r => r with { Nik = r.Nik![..12] + "0000" }, "nik" },
        { "a man's NIK declared Female", r => r with { Sex = "Female" }, "sex" },
        { "sex not Male or Female", r => r with { Sex = "L" }, "sex" },
        { "full name missing", r => r with { FullName = "  " }, "fullName" },
        { "full name with digits", r => r with { FullName = "Budi 2" }, "fullName" },
        { "full name too long", r => r with { FullName = new string('a', 151) }, "fullName" },
        { "birth date missing", r => r with { BirthDate = null }, "birthDate" },
        { "occupation outside the list", r => r with { OccupationCode = "pilot" }, "occupationCode" },
        { "occupation missing without P3KE", r => r with { OccupationCode = null }, "occupationCode" },
        { "kecamatan outside Kota Semarang", r => r with { Kecamatan = "Kebayoran Baru" }, "kecamatan" },
        { "kecamatan missing", r => r with { Kecamatan = null }, "kecamatan" },
        { "phone that is not Indonesian", r => r with { Phone = "+1 555 123 4567" }, "phone" },
        { "phone too short", r => r with { Phone = "0812" }, "phone" },
        { "address too long", r => r with { Address = new string('x', 251) }, "address" },
        { "kelurahan too long", r => r with { Kelurahan = new string('x', 101) }, "kelurahan" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_registration_breaking_a_rule_gets_400_naming_the_field_and_writes_nothing(
        string rule, Func<RegisterWorkerRequest, RegisterWorkerRequest> breakRule, string field)
    {
        var request = breakRule(WorkerSamples.Valid());
        var before = await CountWrittenAsync();

        var response = await _operator.PostAsJsonAsync("/api/v1/workers", request);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, rule);
        Assert.Contains(field, await response.ErrorFieldsAsync());
        Assert.Equal(before, await CountWrittenAsync());
    }

    [Theory]
    [InlineData(14)]
    [InlineData(66)]
    public async Task A_worker_outside_the_age_bounds_is_rejected_on_birth_date(int age)
    {
        var born = Today.AddYears(-age).AddDays(age == 14 ? 0 : -1);

        var response = await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid(birthDate: born));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["birthDate"], await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData(15)]
    [InlineData(65)]
    public async Task A_worker_exactly_at_an_age_bound_is_accepted(int age)
    {
        var born = age == 15 ? Today.AddYears(-15) : Today.AddYears(-66).AddDays(1);

        var worker = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: born));

        Assert.Equal(born, worker.BirthDate);
    }

    [Fact]
    public async Task A_birth_date_in_the_future_is_rejected()
    {
        var response = await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid(birthDate: Today.AddDays(1)));

        Assert.Contains("birthDate", await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task A_birth_date_in_the_wrong_format_gets_400_naming_birth_date()
    {
        using var body = new StringContent("""{"nik":"3374010101900001","fullName":"Budi","birthDate":"31-12-1990","sex":"Male"}""", Encoding.UTF8, "application/json");

        var response = await _operator.PostAsync("/api/v1/workers", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["birthDate"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task A_womans_nik_has_40_added_to_the_birth_day_and_is_accepted_as_female()
    {
        var request = WorkerSamples.Valid(sex: "Female");

        var worker = await _operator.RegisterAsync(request);

        Assert.True(int.Parse(request.Nik!.AsSpan(6, 2), provider: null) > 40);
        Assert.Equal("Female", worker.Sex);
    }

    [Fact]
    public async Task A_womans_nik_declared_male_is_rejected_on_sex()
    {
        var response = await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid(sex: "Female") with { Sex = "Male" });

        Assert.Equal(["sex"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task A_worker_listed_in_p3ke_may_have_any_occupation()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = "buruh bangunan" });

        Assert.True(worker.P3keListed);
        Assert.Equal("buruh bangunan", worker.OccupationCode);
    }

    [Theory]
    [InlineData("0812 3456 7890", "+6281234567890")]
    [InlineData("62-812-3456-7890", "+6281234567890")]
    [InlineData("+62 24 8311234", "+62248311234")]
    public async Task A_phone_number_is_stored_in_the_international_form(string typed, string stored)
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid() with { Phone = typed });

        Assert.Equal(stored, worker.Phone);
    }

    [Theory]
    [InlineData("semarang tengah")]
    [InlineData("33.74.01")]
    public async Task A_kecamatan_may_be_given_by_name_in_any_case_or_by_code(string typed)
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid() with { Kecamatan = typed });

        Assert.Equal("Semarang Tengah", worker.Kecamatan);
    }

    [Fact]
    public async Task Several_broken_rules_are_all_reported_at_once()
    {
        var response = await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid() with { Nik = "1", Kecamatan = "Bandung", Phone = "x" });

        Assert.Equal(["kecamatan", "nik", "phone"], (await response.ErrorFieldsAsync()).Order());
    }

    private Task<long> CountWrittenAsync() => registry.ScalarAsync<long>(
        "SELECT (SELECT count(*) FROM workers) + (SELECT count(*) FROM outbox_messages) + (SELECT count(*) FROM audit_log)");
}

/// <summary>Disnaker may change the rules without a release: the NIK region and the age bounds are configuration.</summary>
public sealed class ConfiguredRulesFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Registry:Registration:RequiredNikPrefix"] = "",
    ["Registry:Registration:MinimumAge"] = "18",
});

public sealed class ConfiguredRegistrationRulesTests(ConfiguredRulesFixture registry) : IClassFixture<ConfiguredRulesFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Fact]
    public async Task With_no_region_prefix_configured_a_nik_from_another_regency_is_accepted()
    {
        var request = WorkerSamples.Valid();

        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(request with { Nik = "3301" + request.Nik![4..] });

        Assert.StartsWith("3301", worker.Nik, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_minimum_age_of_18_a_17_year_old_is_rejected_with_the_configured_bound_in_the_message()
    {
        var response = await registry.ClientAs(Roles.Operator).PostAsJsonAsync(
            "/api/v1/workers", WorkerSamples.Valid(birthDate: Today.AddYears(-17).AddDays(-10)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("between 18 and 65", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
