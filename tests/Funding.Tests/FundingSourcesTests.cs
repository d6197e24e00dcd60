using System.Net;
using System.Net.Http.Json;
using PijarSemar.Contracts.Funding;
using PijarSemar.Contracts.Paging;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests;

public sealed class FundingSourcesTests(AllocatingFundingFixture funding) : IClassFixture<AllocatingFundingFixture>
{
    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator);

    [Fact]
    public async Task A_new_source_is_201_with_its_whole_quota_and_budget_remaining_and_is_audited()
    {
        var response = await _operator.PostAsJsonAsync("/api/v1/funding-sources",
            new { code = "APBD-2027", name = "APBD Kota Semarang 2027", type = "apbd", fiscalYear = 2027, quota = 7500, budget = 1_512_000_000L });

        var source = await response.Content.ReadFromJsonAsync<FundingSourceResponse>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/funding-sources/{source!.Id}", response.Headers.Location?.ToString());
        Assert.Equal(("Apbd", 7500, 0, 1_512_000_000L), (source.Type, source.RemainingQuota, source.ProjectedCost!.Value.Amount, source.RemainingBudget!.Value.Amount));
        Assert.Equal(1L, await funding.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'funding-source' AND entity_id = @id", ("id", source.Id)));
    }

    [Fact]
    public async Task A_code_used_twice_in_one_fiscal_year_is_a_409_naming_the_existing_source_but_another_year_may_reuse_it()
    {
        var first = await _operator.PostAsJsonAsync("/api/v1/funding-sources", new { code = "DBHCHT", name = "Cukai", type = "Dbhcht", fiscalYear = 2027, quota = 1000, budget = 1L });
        var existing = await first.Content.ReadFromJsonAsync<FundingSourceResponse>();

        var again = await _operator.PostAsJsonAsync("/api/v1/funding-sources", new { code = "DBHCHT", name = "Cukai", type = "Dbhcht", fiscalYear = 2027, quota = 1000, budget = 1L });
        var nextYear = await _operator.PostAsJsonAsync("/api/v1/funding-sources", new { code = "DBHCHT", name = "Cukai", type = "Dbhcht", fiscalYear = 2028, quota = 1000, budget = 1L });

        Assert.Equal(existing!.Id, (await again.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("existingFundingSourceId").GetGuid());
        Assert.Equal(HttpStatusCode.Created, nextYear.StatusCode);
    }

    [Fact]
    public async Task Bad_source_fields_are_a_400_naming_each_and_nothing_is_written()
    {
        var before = await funding.ScalarAsync<long>("SELECT count(*) FROM funding_sources");

        await (await _operator.PostAsJsonAsync("/api/v1/funding-sources", new { })).FieldsAsync("code", "name", "type", "fiscalYear", "quota", "budget");
        await (await _operator.PostAsJsonAsync("/api/v1/funding-sources",
            new { code = "apbd 2027", name = new string('x', 201), type = "Village", fiscalYear = 2019, quota = -1, budget = -5 }))
            .FieldsAsync("code", "name", "type", "fiscalYear", "quota", "budget");
        await (await _operator.PostAsJsonAsync("/api/v1/funding-sources",
            new { code = "APBD", name = "x", type = "Apbd", fiscalYear = 2027, quota = 1, budget = 1.5 }))
            .FieldsAsync("budget");

        Assert.Equal(before, await funding.ScalarAsync<long>("SELECT count(*) FROM funding_sources"));
    }

    [Fact]
    public async Task Sources_are_listed_by_fiscal_year_and_type_one_page_at_a_time()
    {
        foreach (var (code, type) in new[] { ("LIST-A", "Csr"), ("LIST-B", "Asn"), ("LIST-C", "Csr") })
        {
            Assert.Equal(HttpStatusCode.Created, (await _operator.PostAsJsonAsync("/api/v1/funding-sources",
                new { code, name = code, type, fiscalYear = 2031, quota = 1, budget = 1L })).StatusCode);
        }

        var page = await _operator.GetFromJsonAsync<Page<FundingSourceResponse>>("/api/v1/funding-sources?fiscalYear=2031&type=Csr&limit=1");
        var next = await _operator.GetFromJsonAsync<Page<FundingSourceResponse>>($"/api/v1/funding-sources?fiscalYear=2031&type=Csr&limit=1&cursor={page!.NextCursor}");

        Assert.Equal(["LIST-A"], page.Items.Select(s => s.Code));
        Assert.Equal(["LIST-C"], next!.Items.Select(s => s.Code));
        Assert.Null(next.NextCursor);
        await (await _operator.GetAsync("/api/v1/funding-sources?type=Village")).FieldsAsync("type");
        await (await _operator.GetAsync("/api/v1/funding-sources?fiscalYear=1999")).FieldsAsync("fiscalYear");
        Assert.Equal(HttpStatusCode.Forbidden, (await funding.ClientAs(Roles.Finance).PostAsJsonAsync("/api/v1/funding-sources", new { })).StatusCode);
    }
}
