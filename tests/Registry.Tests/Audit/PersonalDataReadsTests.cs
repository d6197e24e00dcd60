using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Registry.Apis;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests.Audit;

/// <summary>Auditors list who read workers' personal data: searches and reads by id.</summary>
public sealed class PersonalDataReadsTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string ReadsPath = "/api/v1/audit/personal-data-reads";

    private readonly HttpClient _auditor = registry.ClientAs(Roles.Auditor);

    [Fact]
    public async Task A_search_and_a_read_by_id_are_listed_newest_first_with_who_the_query_and_the_workers_shown()
    {
        var worker = await registry.ClientAs(Roles.Operator).RegisterAsync(WorkerSamples.Valid());
        var reader = registry.ClientAs(Roles.ClaimsOfficer, "reader-of-one");
        (await reader.PostAsJsonAsync("/api/v1/workers/search", new WorkerSearch(worker.Nik, null, null, null, null, null, null))).EnsureSuccessStatusCode();
        (await reader.GetAsync($"/api/v1/workers/{worker.Id}")).EnsureSuccessStatusCode();

        var page = await ListAsync("?actor=reader-of-one");

        Assert.Equal(["Read", "Search"], page.Items.Select(r => r.Kind));
        Assert.All(page.Items, r => Assert.Equal("reader-of-one", r.Actor));
        Assert.All(page.Items, r => Assert.Equal([worker.Id], r.WorkerIds));
        Assert.Equal("POST", page.Items[1].Via);
        Assert.Equal(worker.Nik, page.Items[1].Query!.Nik);
        Assert.Null(page.Items[0].Query);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task The_list_keeps_one_actor_and_whole_days_in_Semarang_and_pages_with_its_cursor()
    {
        // Semarang is UTC+7: 2026-03-02 runs from 2026-03-01T17:00Z up to 2026-03-02T17:00Z.
        await ReadAtAsync("reader-of-days", "2026-03-01T16:59:59Z");
        var first = await ReadAtAsync("reader-of-days", "2026-03-01T17:00:00Z");
        var last = await ReadAtAsync("reader-of-days", "2026-03-02T16:59:59Z");
        await ReadAtAsync("reader-of-days", "2026-03-02T17:00:00Z");
        await ReadAtAsync("someone-else", "2026-03-02T05:00:00Z");
        await registry.ScalarAsync<long>("""
            INSERT INTO audit_log (entity_type, entity_id, action, actor, at)
            VALUES ('worker', gen_random_uuid(), 'Verified', 'reader-of-days', '2026-03-02T05:00:00Z') RETURNING id
            """);

        var onePage = await ListAsync("?actor=reader-of-days&from=2026-03-02&to=2026-03-02&limit=1");
        var nextPage = await ListAsync($"?actor=reader-of-days&from=2026-03-02&to=2026-03-02&limit=1&cursor={onePage.NextCursor}");
        var byInstants = await ListAsync("?actor=reader-of-days&from=2026-03-02T00:00:00%2B07:00&to=2026-03-02T16:59:59Z");

        Assert.Equal([last], onePage.Items.Select(r => r.Id));
        Assert.Equal([first], nextPage.Items.Select(r => r.Id));
        Assert.Null(nextPage.NextCursor);
        Assert.Equal([first], byInstants.Items.Select(r => r.Id));
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-02-30", "to")]
    [InlineData("?from=2026-03-02T10:00:00", "from")]
    [InlineData("?from=2026-03-03&to=2026-03-02", "to")]
    [InlineData("?cursor=abc", "cursor")]
    [InlineData("?limit=0", "limit")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string field)
    {
        var response = await _auditor.GetAsync(ReadsPath + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.ClaimsOfficer)]
    public async Task Only_auditors_list_the_reads(string role)
    {
        var response = await registry.ClientAs(role).GetAsync(ReadsPath);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<Page<PersonalDataRead>> ListAsync(string query)
    {
        var response = await _auditor.GetAsync(ReadsPath + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Page<PersonalDataRead>>())!;
    }

    private Task<long> ReadAtAsync(string actor, string at) => registry.ScalarAsync<long>(
        "INSERT INTO audit_log (entity_type, entity_id, action, actor, at) VALUES ('worker-read', gen_random_uuid(), 'Read', @actor, @at::timestamptz) RETURNING id",
        ("actor", actor), ("at", at));
}
