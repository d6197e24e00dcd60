using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Lifecycle;

public sealed class WorkerCorrectionTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task Correcting_kecamatan_and_occupation_audits_before_and_after_and_publishes_worker_corrected_without_personal_data()
    {
        var worker = await _operator.VerifiedAsync(WorkerSamples.Valid());

        var corrected = await _operator.OkAsync(
            $"/api/v1/workers/{worker.Id}/correction",
            new WorkerCorrectionRequest(Kecamatan: "tugu", OccupationCode: "nelayan", Note: "Office typed the wrong kecamatan"));

        Assert.Equal(("Tugu", "nelayan", "Verified"), (corrected.Kecamatan, corrected.OccupationCode, corrected.Status));
        Assert.Equal((worker.Nik, worker.FullName), (corrected.Nik, corrected.FullName));
        var history = await registry.ClientAs(Roles.Auditor).GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history");
        var entry = history!.Items[^1];
        Assert.Equal("Corrected", entry.Action);
        Assert.Equal("Semarang Tengah", entry.Before!.Value.GetProperty("kecamatan").GetString());
        Assert.Equal("Tugu", entry.After!.Value.GetProperty("kecamatan").GetString());
        Assert.Equal("Office typed the wrong kecamatan", entry.After!.Value.GetProperty("changeNote").GetString());

        var payload = await registry.ScalarAsync<string>(
            "SELECT payload::text FROM outbox_messages WHERE message_type LIKE '%.WorkerCorrected' AND payload->>'workerId' = @id", ("id", worker.Id.ToString()));
        Assert.Contains("\"correctedFields\": [\"kecamatan\", \"occupationCode\"]", payload, StringComparison.Ordinal);
        Assert.Contains("\"kecamatan\": \"Tugu\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"version\": 3", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(worker.Nik, payload, StringComparison.Ordinal);
        Assert.DoesNotContain("Siti", payload, StringComparison.Ordinal);
        Assert.Equal(3L, await registry.VersionAsync(worker.Id));
    }

    [Fact]
    public async Task A_correction_to_an_unknown_kecamatan_gets_400_naming_it_and_changes_nothing()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(Kecamatan: "Kebayoran Baru", Note: "Moved"));

        Assert.Equal(["kecamatan"], await response.ErrorFieldsAsync());
        Assert.Equal(1L, await registry.VersionAsync(worker.Id));
        Assert.Equal(0L, await registry.EventsAsync("WorkerCorrected", worker.Id));
    }

    [Fact]
    public async Task A_birth_date_corrected_without_the_nik_that_encodes_it_is_refused_by_the_registration_rules()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1980, 3, 4)));

        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(BirthDate: new DateOnly(1981, 3, 4), Note: "KTP says 1981"));

        Assert.Contains("nik", await response.ErrorFieldsAsync());
        Assert.Equal(new DateOnly(1980, 3, 4), (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.BirthDate);
    }

    [Fact]
    public async Task A_nik_typo_is_corrected_together_with_the_birth_date_it_encodes()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1980, 3, 4)));
        var nik = WorkerSamples.NikFor(new DateOnly(1981, 3, 4), "Male", serial: Random.Shared.Next(1, 9_999), district: 16);

        var corrected = await _operator.OkAsync(
            $"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(Nik: nik, BirthDate: new DateOnly(1981, 3, 4), Note: "KTP says 1981"));

        Assert.Equal((nik, new DateOnly(1981, 3, 4)), (corrected.Nik, corrected.BirthDate));
        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE message_type LIKE '%.WorkerCorrected' AND payload->>'workerId' = @id AND payload->'correctedFields' = '[\"nik\", \"birthDate\"]'::jsonb",
            ("id", worker.Id.ToString())));
    }

    [Fact]
    public async Task Correcting_to_the_nik_of_another_worker_gets_409_naming_that_worker()
    {
        var other = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1985, 7, 8)));
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid(birthDate: new DateOnly(1985, 7, 8)));

        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(Nik: other.Nik, Note: "Typo"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(other.Id.ToString(), (await response.ProblemAsync()).GetProperty("existingWorkerId").GetString());
        Assert.Equal(worker.Nik, (await _operator.GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}"))!.Nik);
    }

    [Fact]
    public async Task A_correction_years_later_is_judged_on_the_registration_day_not_on_the_age_reached_since()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());
        var born = new DateOnly(1958, 1, 15);
        var nik = WorkerSamples.NikFor(born, "Male", serial: Random.Shared.Next(1, 9_999), district: 16);
        // Registered in 2021 aged 63; 68 today, above the maximum age of a new registration.
        await registry.ScalarAsync<int>(
            "UPDATE workers SET registered_at = '2021-06-01T00:00:00Z', birth_date = @born, nik = @nik WHERE id = @id RETURNING 1",
            ("born", born), ("nik", nik), ("id", worker.Id));

        var corrected = await _operator.OkAsync(
            $"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(FullName: "Siti Rahayu Ningsih", Note: "Full name from the KTP"));

        Assert.Equal("Siti Rahayu Ningsih", corrected.FullName);
    }

    [Fact]
    public async Task A_correction_repeating_what_is_stored_changes_nothing_and_publishes_nothing()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var response = await _operator.OkAsync(
            $"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(Kecamatan: worker.Kecamatan, Note: "Checked"));

        Assert.Equal(worker.Kecamatan, response.Kecamatan);
        Assert.Equal(1L, await registry.VersionAsync(worker.Id));
        Assert.Equal(1L, await registry.AuditEntriesAsync(worker.Id));
        Assert.Equal(0L, await registry.EventsAsync("WorkerCorrected", worker.Id));
    }

    [Fact]
    public async Task A_correction_needs_a_note_and_at_least_one_field()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var response = await _operator.PostAsJsonAsync($"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(Note: " "));

        Assert.Equal(["body", "note"], (await response.ErrorFieldsAsync()).Order());
    }

    [Fact]
    public async Task Correcting_an_unknown_worker_gets_404()
    {
        var response = await _operator.PostAsJsonAsync(
            $"/api/v1/workers/{Guid.NewGuid()}/correction", new WorkerCorrectionRequest(Kecamatan: "Tugu", Note: "Typo"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Only_an_operator_may_correct_a_worker()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var response = await registry.ClientAs(Roles.Auditor)
            .PostAsJsonAsync($"/api/v1/workers/{worker.Id}/correction", new WorkerCorrectionRequest(Kecamatan: "Tugu", Note: "Typo"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1L, await registry.VersionAsync(worker.Id));
    }
}
