using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Paging;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Registry.Tests;

public sealed class WorkerSearchTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private readonly HttpClient _operator = registry.ClientAs(Roles.Operator);

    [Fact]
    public async Task Paging_through_a_search_returns_every_match_once_in_registration_order()
    {
        var family = RegistryApiExtensions.UniqueWord();
        var registered = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            registered.Add((await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = $"Budi {family}" })).Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _operator.GetFromJsonAsync<Page<WorkerResponse>>($"/api/v1/workers?name={family}&limit=2&cursor={cursor}");
            seen.AddRange(page!.Items.Select(w => w.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(registered, seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("DÉSIRÉE")]
    [InlineData("desiree")]
    [InlineData("siree")]
    public async Task Name_search_ignores_case_and_accents_and_matches_any_part(string typed)
    {
        var family = RegistryApiExtensions.UniqueWord();
        var worker = await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = $"Désirée {family}" });

        var page = await _operator.GetFromJsonAsync<Page<WorkerResponse>>($"/api/v1/workers?name={Uri.EscapeDataString(typed + " " + family)}");

        Assert.Contains(worker.Id, page!.Items.Select(w => w.Id));
    }

    [Fact]
    public async Task A_percent_sign_in_the_name_is_not_a_wildcard()
    {
        var page = await _operator.GetFromJsonAsync<Page<WorkerResponse>>("/api/v1/workers?name=%25");

        Assert.Empty(page!.Items);
    }

    [Fact]
    public async Task Filters_by_nik_occupation_kecamatan_and_status_combine()
    {
        var family = RegistryApiExtensions.UniqueWord();
        var fisher = await _operator.VerifiedAsync(WorkerSamples.Valid() with { FullName = $"Agus {family}", OccupationCode = "nelayan", Kecamatan = "Tugu" });
        await _operator.RegisterAsync(WorkerSamples.Valid() with { FullName = $"Agus {family}", OccupationCode = "nelayan", Kecamatan = "Tugu" });
        await _operator.VerifiedAsync(WorkerSamples.Valid() with { FullName = $"Agus {family}", OccupationCode = "pemulung", Kecamatan = "Tugu" });

        var byFilters = await _operator.GetFromJsonAsync<Page<WorkerResponse>>(
            $"/api/v1/workers?name={family}&occupationCode=nelayan&kecamatan=33.74.16&status=verified");
        var byNik = await _operator.GetFromJsonAsync<Page<WorkerResponse>>($"/api/v1/workers?nik={fisher.Nik}");

        Assert.Equal([fisher.Id], byFilters!.Items.Select(w => w.Id));
        Assert.Equal([fisher.Id], byNik!.Items.Select(w => w.Id));
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("kecamatan=Bandung", "kecamatan")]
    [InlineData("nik=123", "nik")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    public async Task A_bad_search_parameter_gets_400_naming_it(string query, string field)
    {
        var response = await _operator.GetAsync($"/api/v1/workers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Searching_needs_a_role_that_may_see_personal_data()
    {
        var response = await registry.ClientAs(Roles.Sponsor).GetAsync("/api/v1/workers");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
