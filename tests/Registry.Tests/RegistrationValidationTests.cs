using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PijarSemar.Contracts.Events;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Tests.WorkerImports;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

/// <summary>
/// The rules as the API applies them: the full matrix runs without a database in
/// <c>Rules/</c>; these check that a refused rule is a 400 naming the field with nothing written,
/// and that what the rules normalise or add (domicile reason, occupation text, review flag) is stored.
/// </summary>
public sealed class RegistrationValidationTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).DateTime);

    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator, "operator-disnaker-7");

    public static TheoryData<string, Func<RegisterWorkerRequest, RegisterWorkerRequest>, string> Rejected => new()
    {
        { "NIK with a letter", r => r with { Nik = "3374010101900A01" }, "nik" },
        { "NIK from outside Kota Semarang without a domicile reason", r => r with { Nik = "3301" + r.Nik![4..] }, "nik" },
        { "Semarang NIK from kecamatan 17", r => r with { Nik = "337417" + r.Nik![6..] }, "nik" },
        { "NIK birth digits not matching birthDate", r => r with { BirthDate = r.BirthDate!.Value.AddYears(1) }, "nik" },
        { "a domicile reason for a Semarang NIK", r => r with { DomicileReason = "Pindah ke Semarang 2019" }, "domicileReason" },
        { "a man's NIK declared Female", r => r with { Sex = "Female" }, "sex" },
        { "a single letter as the name", r => r with { FullName = "A" }, "fullName" },
        { "a name starting with =", r => r with { FullName = "=Budi" }, "fullName" },
        { "a mobile starting with 1 after +62", r => r with { Phone = "+62 1812 3456 789" }, "phone" },
        { "occupation outside the list", r => r with { OccupationCode = "pilot" }, "occupationCode" },
        { "kecamatan outside Kota Semarang", r => r with { Kecamatan = "Kebayoran Baru" }, "kecamatan" },
        { "address too long", r => r with { Address = new string('x', 251) }, "address" },
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
        Assert.Equal([field], await response.ErrorFieldsAsync());
        Assert.Equal(before, await CountWrittenAsync());
    }

    [Fact]
    public async Task Ages_are_counted_on_todays_date_in_semarang()
    {
        var fifteenToday = await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid(birthDate: Today.AddYears(-15)));
        var fifteenTomorrow = await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid(birthDate: Today.AddYears(-15).AddDays(1)));

        Assert.Equal(HttpStatusCode.Created, fifteenToday.StatusCode);
        Assert.Equal(["birthDate"], await fifteenTomorrow.ErrorFieldsAsync());
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
    public async Task Several_broken_rules_are_all_reported_at_once()
    {
        var response = await _operator.PostAsJsonAsync("/api/v1/workers", WorkerSamples.Valid() with { Nik = "1", Kecamatan = "Bandung", Phone = "x" });

        Assert.Equal(["kecamatan", "nik", "phone"], (await response.ErrorFieldsAsync()).Order());
    }

    [Fact]
    public async Task A_kecamatan_occupation_and_phone_as_offices_write_them_are_stored_in_their_canonical_form()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid() with
        {
            Kecamatan = "Kec. Gajah Mungkur",
            OccupationCode = "Tukang Becak",
            Phone = "+62 (0) 812-3456-7890",
        });

        Assert.Equal(("Gajahmungkur", "tukang-becak", "+6281234567890"), (worker.Kecamatan, worker.OccupationCode, worker.Phone));
    }

    [Fact]
    public async Task A_nik_from_another_regency_is_registered_with_its_domicile_reason_recorded_and_audited()
    {
        var request = WorkerSamples.Valid() with { DomicileReason = "Pindah ke Semarang 2019, KTP dari Demak" };
        request = request with { Nik = "3321" + request.Nik![4..] };

        var worker = await _operator.RegisterAsync(request);

        var read = await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}");
        Assert.Equal("Pindah ke Semarang 2019, KTP dari Demak", read!.DomicileReason);
        Assert.Equal("operator-disnaker-7|Pindah ke Semarang 2019, KTP dari Demak", await registry.ScalarAsync<string>("""
            SELECT actor || '|' || (after->>'domicileReason') FROM audit_log
            WHERE entity_type = 'worker' AND entity_id = @id AND action = 'Registered'
            """, ("id", worker.Id)));
        Assert.Equal(request.DomicileReason, await registry.ScalarAsync<string>(
            "SELECT domicile_reason FROM workers WHERE id = @id", ("id", worker.Id)));
    }

    [Fact]
    public async Task A_p3ke_workers_free_text_occupation_is_stored_as_occupation_text_and_no_code_is_published()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid(p3keListed: true) with { OccupationCode = "buruh bangunan" });

        Assert.Equal((null, "buruh bangunan"), (worker.OccupationCode, worker.OccupationText));
        Assert.Equal("|buruh bangunan", await registry.ScalarAsync<string>(
            "SELECT coalesce(occupation_code, '') || '|' || occupation_text FROM workers WHERE id = @id", ("id", worker.Id)));
        var payload = await registry.ScalarAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type = @type AND payload->>'workerId' = @id",
            ("type", OutboxMessage.TypeName(typeof(WorkerRegistered))), ("id", worker.Id.ToString()));
        Assert.Equal("", JsonSerializer.Deserialize<WorkerRegistered>(payload, JsonSerializerOptions.Web)!.OccupationCode);
    }

    [Fact]
    public async Task An_import_as_offices_write_it_is_read_and_a_nik_that_may_have_lost_a_digit_is_flagged_for_review()
    {
        var born = new DateOnly(1979, 4, 2);
        var suspect = WorkerSamples.Valid("Female", born) with { Nik = WorkerSamples.NikFor(born, "Female", serial: Random.Shared.Next(1, 999) * 10) };
        var plainBorn = new DateOnly(1981, 8, 17);
        var plain = WorkerSamples.Valid(birthDate: plainBorn) with { Nik = WorkerSamples.NikFor(plainBorn, "Male", serial: Random.Shared.Next(0, 999) * 10 + 1) };
        static string Cells(int no, RegisterWorkerRequest w, string sex) => string.Join(';',
            no, w.Nik, w.FullName, w.BirthDate!.Value.ToString("dd-MM-yyyy", System.Globalization.CultureInfo.InvariantCulture), sex, "Kec. Semarang Tengah", w.OccupationCode);
        var csv = "sep=;\r\nNo;nik;fullName;birthDate;sex;kecamatan;occupationCode;p3keListed;domicileReason\r\n"
            + Cells(1, suspect, "P") + "\r\n"
            + Cells(2, plain, "Laki-laki") + ";;\r\n"
            + Cells(3, WorkerSamples.Valid(), "X") + "\r\n";

        var import = await _operator.ImportAsync(csv);

        Assert.Equal((3, 2, 1), (import.TotalRows, import.Accepted!.Value, import.Rejected!.Value));
        Assert.Equal(["4: sex"], import.Rejections.Items.Summary());
        var flagged = await registry.ScalarAsync<string>("""
            SELECT string_agg(sex || ':' || kecamatan || ':' || nik_needs_review, ',' ORDER BY seq) FROM workers WHERE import_id = @id
            """, ("id", import.Id));
        Assert.Equal("Female:Semarang Tengah:true,Male:Semarang Tengah:false", flagged);
        var id = await registry.ScalarAsync<Guid>("SELECT id FROM workers WHERE nik = @nik", ("nik", suspect.Nik!));
        Assert.True((await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{id}"))!.NikNeedsReview);
    }

    [Fact]
    public async Task Migration_0005_moves_a_p3ke_free_text_occupation_out_of_the_occupation_code()
    {
        var freeText = Guid.CreateVersion7();
        var listed = Guid.CreateVersion7();
        foreach (var (id, occupation) in new[] { (freeText, "buruh bangunan"), (listed, "pemulung") })
        {
            var sample = WorkerSamples.Valid(p3keListed: true);
            await registry.ScalarAsync<int>("""
                INSERT INTO workers (id, nik, full_name, birth_date, sex, kecamatan, occupation_code, p3ke_listed, status, registered_at, updated_at, version)
                VALUES (@id, @nik, 'Siti Rahayu', @born, 'Male', 'Semarang Tengah', @occupation, true, 'Registered', now(), now(), 1);
                SELECT 1
                """, ("id", id), ("nik", sample.Nik!), ("born", sample.BirthDate!.Value), ("occupation", occupation));
        }

        await registry.ScalarAsync<int>(MigrationStatement("0005_worker_rules.sql", "UPDATE workers") + "; SELECT 1");

        var stored = await registry.ScalarAsync<string>("""
            SELECT string_agg(coalesce(occupation_code, '-') || '/' || coalesce(occupation_text, '-'), ',' ORDER BY occupation_code NULLS FIRST)
            FROM workers WHERE id IN (@free_text, @listed)
            """, ("free_text", freeText), ("listed", listed));
        Assert.Equal("-/buruh bangunan,pemulung/-", stored);
    }

    /// <summary>One statement of a Registry migration, as embedded in the service.</summary>
    private static string MigrationStatement(string file, string startingWith)
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream("Migrations/" + file)!;
        var sql = new StreamReader(stream).ReadToEnd();
        var start = sql.IndexOf(startingWith, StringComparison.Ordinal);
        return sql[start..sql.IndexOf(';', start)];
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
    public async Task With_no_region_prefix_configured_a_nik_from_another_regency_is_accepted_without_a_domicile_reason()
    {
        var request = WorkerSamples.Valid();

        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(request with { Nik = "3301" + request.Nik![4..] });

        Assert.StartsWith("3301", worker.Nik, StringComparison.Ordinal);
        Assert.Null(worker.DomicileReason);
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

/// <summary>Out-of-region NIKs can be switched off: then no domicile reason lets one in.</summary>
public sealed class SemarangNiksOnlyFixture() : RegistryFixtureWith(new Dictionary<string, string?>
{
    ["Registry:Registration:AcceptOutOfRegionNikWithDomicileReason"] = "false",
});

public sealed class SemarangNiksOnlyTests(SemarangNiksOnlyFixture registry) : IClassFixture<SemarangNiksOnlyFixture>
{
    [Fact]
    public async Task With_out_of_region_niks_switched_off_a_domicile_reason_is_not_enough()
    {
        var request = WorkerSamples.Valid() with { DomicileReason = "Pindah ke Semarang 2019, KTP dari Demak" };

        var response = await registry.ClientAs(Roles.Operator).PostAsJsonAsync("/api/v1/workers", request with { Nik = "3321" + request.Nik![4..] });

        Assert.Equal(["nik"], await response.ErrorFieldsAsync());
    }
}
