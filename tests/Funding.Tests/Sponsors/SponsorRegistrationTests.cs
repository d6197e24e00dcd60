using System.Net;
using PijarSemar.Contracts.Paging;
using PijarSemar.Funding.Sponsors;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests.Sponsors;

public sealed class SponsorRegistrationTests(FundingFixture funding) : IClassFixture<FundingFixture>
{
    private readonly HttpClient _operator = funding.ClientAs(Roles.Operator, "operator-ani");

    [Fact]
    public async Task Registering_a_civil_servant_returns_201_with_the_cleaned_sponsor_and_audits_it()
    {
        var nip = SponsorSeed.NextNip();
        var grouped = $"{nip[..8]} {nip[8..14]} {nip[14]} {nip[15..]}";

        var response = await _operator.PostJsonAsync("/api/v1/sponsors", new CreateSponsorRequest("asn", grouped, " Sri  Wahyuni ", " Dinas Kesehatan "));

        var sponsor = await response.ReadAsync<SponsorResponse>(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/sponsors/{sponsor.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Asn", nip, "Sri Wahyuni", "Dinas Kesehatan", 1L), (sponsor.Type, sponsor.Identifier, sponsor.Name, sponsor.Unit, sponsor.Version));
        var read = await (await _operator.GetAsync($"/api/v1/sponsors/{sponsor.Id}")).ReadAsync<SponsorResponse>(HttpStatusCode.OK);
        Assert.Equal(sponsor, read);
        Assert.Equal("operator-ani", await funding.ScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE entity_type = 'sponsor' AND entity_id = @id AND action = 'Registered'", ("id", sponsor.Id)));
        Assert.Equal(nip, await funding.ScalarAsync<string>(
            "SELECT after ->> 'identifier' FROM audit_log WHERE entity_type = 'sponsor' AND entity_id = @id", ("id", sponsor.Id)));
    }

    [Fact]
    public async Task Registering_a_company_by_its_nib_needs_no_unit()
    {
        var response = await _operator.PostJsonAsync("/api/v1/sponsors", new CreateSponsorRequest("Company", SponsorSeed.NextNib(), "PT Jamu Sehat", null));

        var sponsor = await response.ReadAsync<SponsorResponse>(HttpStatusCode.Created);
        Assert.Equal(("Company", (string?)null), (sponsor.Type, sponsor.Unit));
    }

    [Fact]
    public async Task Registering_an_identifier_again_is_a_409_naming_the_sponsor_already_registered()
    {
        var nip = SponsorSeed.NextNip();
        var first = await (await _operator.PostJsonAsync("/api/v1/sponsors", new CreateSponsorRequest("Asn", nip, "Budi", "Dinas Pendidikan")))
            .ReadAsync<SponsorResponse>(HttpStatusCode.Created);

        var again = await _operator.PostJsonAsync("/api/v1/sponsors", new CreateSponsorRequest("Pppk", nip, "Budi Santoso", "Bappeda"));

        var problem = await again.ReadAsync<Dictionary<string, System.Text.Json.JsonElement>>(HttpStatusCode.Conflict);
        Assert.Equal(first.Id, problem["existingSponsorId"].GetGuid());
        Assert.Equal(1L, await funding.ScalarAsync<long>("SELECT count(*) FROM sponsors WHERE identifier = @nip", ("nip", nip)));
    }

    [Theory]
    [InlineData("Pns", "198503122010011002", "Budi", "Dinas Kesehatan", "type")]
    [InlineData("Asn", "198503122010013002", "Budi", "Dinas Kesehatan", "identifier")]
    [InlineData("Asn", "198503122010011000", "Budi", "Dinas Kesehatan", "identifier")]
    [InlineData("Asn", "198503122010011002", " ", "Dinas Kesehatan", "name")]
    [InlineData("Pppk", "198503122010011002", "Budi", null, "unit")]
    [InlineData("Company", "912000123456", "PT Jamu", null, "identifier")]
    public async Task A_sponsor_breaking_a_rule_is_a_400_naming_the_field_and_nothing_is_written(
        string type, string identifier, string name, string? unit, string field)
    {
        var before = await funding.ScalarAsync<long>("SELECT count(*) FROM sponsors") + await funding.ScalarAsync<long>("SELECT count(*) FROM audit_log");

        var response = await _operator.PostJsonAsync("/api/v1/sponsors", new CreateSponsorRequest(type, identifier, name, unit));

        await response.AssertFieldsAsync(field);
        Assert.Equal(before, await funding.ScalarAsync<long>("SELECT count(*) FROM sponsors") + await funding.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task Sponsors_are_listed_by_type_and_unit_a_page_at_a_time()
    {
        var unit = $"Kecamatan Tugu {Guid.NewGuid():N}";
        var ids = new List<Guid>();
        foreach (var type in new[] { "Asn", "Pppk", "Asn", "Asn" })
        {
            var created = await _operator.PostJsonAsync("/api/v1/sponsors", new CreateSponsorRequest(type, SponsorSeed.NextNip(), "Pegawai", unit));
            ids.Add((await created.ReadAsync<SponsorResponse>(HttpStatusCode.Created)).Id);
        }

        var query = $"/api/v1/sponsors?type=asn&unit={Uri.EscapeDataString(unit)}&limit=2";
        var first = await (await _operator.GetAsync(query)).ReadAsync<Page<SponsorResponse>>(HttpStatusCode.OK);
        var second = await (await _operator.GetAsync($"{query}&cursor={first.NextCursor}")).ReadAsync<Page<SponsorResponse>>(HttpStatusCode.OK);

        Assert.Equal([ids[0], ids[2]], first.Items.Select(s => s.Id));
        Assert.Equal([ids[3]], second.Items.Select(s => s.Id));
        Assert.Null(second.NextCursor);
    }

    [Theory]
    [InlineData("/api/v1/sponsors?type=Pns", "type")]
    [InlineData("/api/v1/sponsors?cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("/api/v1/sponsors?limit=0", "limit")]
    public async Task A_bad_list_filter_is_a_400_naming_it(string path, string field) =>
        await (await _operator.GetAsync(path)).AssertFieldsAsync(field);

    [Fact]
    public async Task An_unknown_sponsor_is_a_404_for_itself_and_its_allocations()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync($"/api/v1/sponsors/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _operator.GetAsync($"/api/v1/sponsors/{Guid.NewGuid()}/allocations")).StatusCode);
    }

    [Fact]
    public async Task Only_an_operator_registers_sponsors()
    {
        var response = await funding.ClientAs(Roles.Finance).PostJsonAsync("/api/v1/sponsors", new CreateSponsorRequest("Asn", SponsorSeed.NextNip(), "Budi", "Bappeda"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
