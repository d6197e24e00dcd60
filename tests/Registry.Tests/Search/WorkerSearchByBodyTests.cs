using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.Registry.Apis;
using PijarSemar.Registry.Tests.Errors;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Search;

/// <summary>NIK and name searches in the body, and the audit of every read of a worker's personal data.</summary>
public sealed class WorkerSearchByBodyTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string SearchPath = "/api/v1/workers/search";

    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_search_in_the_body_filters_like_the_query_string_one_and_pages_with_its_cursor()
    {
        var family = RegistryApiExtensions.UniqueWord();
        var fishers = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            fishers.Add((await _operator.VerifiedAsync(WorkerSamples.Valid() with { FullName = $"Agus {family}", OccupationCode = "nelayan", Kecamatan = "Tugu" })).Id);
        }

        await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = $"Agus {family}", OccupationCode = "nelayan", Kecamatan = "Tugu" });
        await _operator.VerifiedAsync(WorkerSamples.Valid() with { FullName = $"Agus {family}", OccupationCode = "pemulung", Kecamatan = "Tugu" });

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync(new WorkerSearch(null, $"AGUS {family}", "nelayan", "33.74.16", "verified", cursor, 2));
            seen.AddRange(page.Items.Select(w => w.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(fishers, seen);
    }

    [Fact]
    public async Task A_search_by_nik_in_the_body_finds_exactly_that_worker()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var page = await SearchAsync(new WorkerSearch($" {worker.Nik} ", null, null, null, null, null, null));

        Assert.Equal([worker.Id], page.Items.Select(w => w.Id));
    }

    [Theory]
    [InlineData("""{"status": "Sleeping"}""", "status")]
    [InlineData("""{"kecamatan": "Bandung"}""", "kecamatan")]
    [InlineData("""{"nik": "123"}""", "nik")]
    [InlineData("""{"cursor": "abc"}""", "cursor")]
    [InlineData("""{"limit": 0}""", "limit")]
    [InlineData("""{"limit": "ten"}""", "limit")]
    public async Task A_bad_filter_in_the_body_is_400_naming_it_and_is_not_audited(string body, string field)
    {
        var before = await SearchEntriesAsync();

        var response = await _operator.PostAsync(SearchPath, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ErrorFieldsAsync());
        Assert.Equal(before, await SearchEntriesAsync());
    }

    [Fact]
    public async Task Every_search_in_the_body_is_audited_with_who_when_the_query_and_the_workers_shown()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = "Dewi " + RegistryApiExtensions.UniqueWord() });
        var officer = registry.ClientAs(Roles.ClaimsOfficer, "claims-officer-3");
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);

        await officer.PostAsJsonAsync(SearchPath, new WorkerSearch(worker.Nik, worker.FullName, null, null, null, null, null));

        var entry = await LastSearchEntryAsync("claims-officer-3");
        Assert.True(entry.At >= started);
        Assert.Equal("POST", entry.After.GetProperty("via").GetString());
        Assert.Equal(worker.Nik, entry.After.GetProperty("query").GetProperty("nik").GetString());
        Assert.Equal(worker.FullName, entry.After.GetProperty("query").GetProperty("name").GetString());
        Assert.Equal([worker.Id], entry.After.GetProperty("workerIds").EnumerateArray().Select(e => e.GetGuid()));
    }

    [Fact]
    public async Task A_search_with_no_match_is_audited_too()
    {
        var nik = WorkerSamples.Valid().Nik;

        var page = await SearchAsync(new WorkerSearch(nik, null, null, null, null, null, null), registry.ClientAs(Roles.Auditor, "auditor-9"));

        Assert.Empty(page.Items);
        var entry = await LastSearchEntryAsync("auditor-9");
        Assert.Equal(nik, entry.After.GetProperty("query").GetProperty("nik").GetString());
        Assert.Empty(entry.After.GetProperty("workerIds").EnumerateArray());
    }

    [Fact]
    public async Task The_query_string_search_still_works_and_is_audited_as_a_get()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        var page = await registry.ClientAs(Roles.Operator, "operator-by-url").GetFromJsonAsync<Page<WorkerResponse>>($"/api/v1/workers?nik={worker.Nik}");

        Assert.Equal([worker.Id], page!.Items.Select(w => w.Id));
        var entry = await LastSearchEntryAsync("operator-by-url");
        Assert.Equal("GET", entry.After.GetProperty("via").GetString());
        Assert.Equal(worker.Nik, entry.After.GetProperty("query").GetProperty("nik").GetString());
    }

    [Fact]
    public async Task Reading_a_worker_by_id_is_audited_with_who_and_which_worker()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());

        await registry.ClientAs(Roles.ClaimsOfficer, "claims-officer-5").GetFromJsonAsync<WorkerResponse>($"/api/v1/workers/{worker.Id}");
        await registry.ClientAs(Roles.ClaimsOfficer, "claims-officer-5").GetAsync($"/api/v1/workers/{Guid.CreateVersion7()}");

        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_type = 'worker-read' AND actor = 'claims-officer-5'"));
        Assert.Equal(1L, await registry.ScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_type = 'worker-read' AND entity_id = @id AND actor = 'claims-officer-5' AND action = 'Read'",
            ("id", worker.Id)));
    }

    [Fact]
    public async Task A_read_leaves_the_worker_history_to_its_changes()
    {
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid());
        await _operator.GetAsync($"/api/v1/workers/{worker.Id}");
        await SearchAsync(new WorkerSearch(worker.Nik, null, null, null, null, null, null));

        var history = await _operator.GetFromJsonAsync<Page<WorkerHistoryEntry>>($"/api/v1/workers/{worker.Id}/history");

        Assert.Equal(["Registered"], history!.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task No_log_entry_of_a_search_in_the_body_holds_the_nik_or_the_name_searched_for()
    {
        var logs = new CapturedLogs();
        await using var host = registry.Factory.WithWebHostBuilder(web => web.ConfigureServices(services => services.AddLogging(
            logging => logging.AddProvider(logs).AddFilter<CapturedLogs>(null, LogLevel.Trace))));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("test-operator", Roles.Operator));
        var name = "Wulan " + RegistryApiExtensions.UniqueWord();
        var worker = WorkerSamples.Valid() with { FullName = name };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/workers", worker)).StatusCode);
        var entriesBefore = logs.Entries.Count;

        var response = await client.PostAsJsonAsync(SearchPath, new WorkerSearch(worker.Nik, name, null, null, null, null, null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var searchLogs = logs.Entries.Skip(entriesBefore).ToList();
        Assert.Contains(searchLogs, e => e.Contains("/api/v1/workers/search", StringComparison.Ordinal));
        Assert.DoesNotContain(searchLogs, e => e.Contains(worker.Nik!, StringComparison.Ordinal));
        Assert.DoesNotContain(searchLogs, e => e.Contains(name.Split(' ')[1], StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Searching_in_the_body_needs_a_role_that_may_see_personal_data()
    {
        var request = new WorkerSearch(null, null, null, null, null, null, null);

        Assert.Equal(HttpStatusCode.Forbidden, (await registry.ClientAs(Roles.Sponsor).PostAsJsonAsync(SearchPath, request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await registry.ClientAs(Roles.Finance).PostAsJsonAsync(SearchPath, request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await registry.AnonymousClient().PostAsJsonAsync(SearchPath, request)).StatusCode);
    }

    private async Task<Page<WorkerResponse>> SearchAsync(WorkerSearch search, HttpClient? client = null)
    {
        var response = await (client ?? _operator).PostAsJsonAsync(SearchPath, search);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Page<WorkerResponse>>())!;
    }

    private Task<long> SearchEntriesAsync() => registry.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'worker-search'");

    private async Task<(DateTimeOffset At, JsonElement After)> LastSearchEntryAsync(string actor)
    {
        var json = await registry.ScalarAsync<string>(
            "SELECT json_build_object('at', at, 'after', after, 'action', action)::text FROM audit_log WHERE entity_type = 'worker-search' AND actor = @actor ORDER BY id DESC LIMIT 1",
            ("actor", actor));
        var entry = JsonDocument.Parse(json).RootElement;
        Assert.Equal("WorkersSearched", entry.GetProperty("action").GetString());
        return (entry.GetProperty("at").GetDateTimeOffset(), entry.GetProperty("after").Clone());
    }
}
