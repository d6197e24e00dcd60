using System.Net;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Paging;
using PijarSemar.Funding.Sponsors;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests.Sponsors;

/// <summary>Two civil servants and a company, each sponsoring workers; a sponsor token sees only its own.</summary>
public sealed class SponsorScopeTests(FundingFixture funding) : IClassFixture<FundingFixture>, IAsyncLifetime
{
    private readonly string _nipA = SponsorSeed.NextNip();
    private readonly string _nipB = SponsorSeed.NextNip();
    private readonly string _nib = SponsorSeed.NextNib();
    private Guid _sponsorA, _sponsorB, _company, _fullYear, _neverStarted, _lastYear, _ofB, _ofCompany;

    public async Task InitializeAsync()
    {
        var db = funding.ConnectionString;
        _sponsorA = await SponsorSeed.SponsorAsync(db, "Asn", _nipA, "Sri Wahyuni", "Dinas Kesehatan");
        _sponsorB = await SponsorSeed.SponsorAsync(db, "Pppk", _nipB, "Budi Santoso", "Dinas Kesehatan");
        _company = await SponsorSeed.SponsorAsync(db, "Company", _nib, "PT Jamu Sehat", null);
        var asn2026 = await SponsorSeed.SourceAsync(db, "Asn", 2026);
        var asn2025 = await SponsorSeed.SourceAsync(db, "Asn", 2025);
        var csr2026 = await SponsorSeed.SourceAsync(db, "Csr", 2026);

        // Billing's contribution rose in July 2026; nothing is known before 2026.
        await SponsorSeed.TariffAsync(db, new Period(2026, 1), 16_800);
        await SponsorSeed.TariffAsync(db, new Period(2026, 7), 17_000);

        _fullYear = await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), asn2026, "Asn", _sponsorA, new Period(2026, 1), new Period(2026, 12));
        _neverStarted = await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), asn2026, "Asn", _sponsorA, new Period(2026, 3), new Period(2026, 2), "Ended");
        _lastYear = await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), asn2025, "Asn", _sponsorA, new Period(2025, 11), new Period(2025, 12));
        _ofB = await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), asn2026, "Asn", _sponsorB, new Period(2026, 5), new Period(2026, 8));
        _ofCompany = await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), csr2026, "Csr", _company, new Period(2026, 6), new Period(2026, 7));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sponsor_reads_its_own_sponsorships_with_the_months_covered_and_the_contribution_expected()
    {
        var sponsorA = funding.ClientAs(Roles.Sponsor, _nipA);

        var me = await (await sponsorA.GetAsync("/api/v1/sponsors/me")).ReadAsync<SponsorResponse>(HttpStatusCode.OK);
        var mine = await (await sponsorA.GetAsync("/api/v1/sponsors/me/allocations")).ReadAsync<Page<SponsorshipResponse>>(HttpStatusCode.OK);

        Assert.Equal(_sponsorA, me.Id);
        var byId = mine.Items.ToDictionary(s => s.AllocationId);
        Assert.Equal([_fullYear, _neverStarted, _lastYear], mine.Items.Select(s => s.AllocationId));

        // Six months at 16,800 and six at 17,000.
        Assert.Equal((12, (Rupiah?)new Rupiah(202_800)), (byId[_fullYear].MonthsCovered, byId[_fullYear].ExpectedContribution));
        Assert.Equal((0, (Rupiah?)Rupiah.Zero), (byId[_neverStarted].MonthsCovered, byId[_neverStarted].ExpectedContribution));
        Assert.Equal(new Period(2026, 2), byId[_neverStarted].EndPeriod);

        // 2025's months have no tariff known to Funding: the amount is unknown, not zero.
        Assert.Equal((2, (Rupiah?)null), (byId[_lastYear].MonthsCovered, byId[_lastYear].ExpectedContribution));
    }

    [Fact]
    public async Task A_company_token_names_its_sponsor_by_nib()
    {
        var company = funding.ClientAs(Roles.Sponsor, _nib);

        var mine = await (await company.GetAsync("/api/v1/sponsors/me/allocations")).ReadAsync<Page<SponsorshipResponse>>(HttpStatusCode.OK);

        var only = Assert.Single(mine.Items);
        Assert.Equal((_ofCompany, 2, (Rupiah?)new Rupiah(16_800 + 17_000)), (only.AllocationId, only.MonthsCovered, only.ExpectedContribution));
    }

    [Theory]
    [InlineData("/api/v1/sponsors/{other}")]
    [InlineData("/api/v1/sponsors/{other}/allocations")]
    [InlineData("/api/v1/sponsors/{own}")]
    [InlineData("/api/v1/sponsors/{own}/allocations")]
    [InlineData("/api/v1/sponsors")]
    [InlineData("/api/v1/sponsors/compliance")]
    [InlineData("/api/v1/reports/coverage")]
    [InlineData("/api/v1/workers/{other}/funding-status")]
    public async Task A_sponsor_token_reads_nothing_but_its_own_sponsorships(string path)
    {
        var sponsorA = funding.ClientAs(Roles.Sponsor, _nipA);

        var response = await sponsorA.GetAsync(path.Replace("{other}", _sponsorB.ToString(), StringComparison.Ordinal)
            .Replace("{own}", _sponsorA.ToString(), StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_sponsor_token_whose_subject_names_no_sponsor_finds_nothing()
    {
        var stranger = funding.ClientAs(Roles.Sponsor, SponsorSeed.NextNip());

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/sponsors/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/api/v1/sponsors/me/allocations")).StatusCode);
    }

    [Fact]
    public async Task The_me_endpoints_are_for_sponsor_tokens_only()
    {
        var response = await funding.ClientAs(Roles.Operator, _nipA).GetAsync("/api/v1/sponsors/me/allocations");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Staff_read_a_sponsors_allocations_a_page_at_a_time_and_a_cursor_of_one_sponsor_is_refused_for_another()
    {
        var finance = funding.ClientAs(Roles.Finance);

        var first = await (await finance.GetAsync($"/api/v1/sponsors/{_sponsorA}/allocations?limit=2")).ReadAsync<Page<SponsorshipResponse>>(HttpStatusCode.OK);
        var second = await (await finance.GetAsync($"/api/v1/sponsors/{_sponsorA}/allocations?limit=2&cursor={first.NextCursor}"))
            .ReadAsync<Page<SponsorshipResponse>>(HttpStatusCode.OK);
        var ofB = await (await finance.GetAsync($"/api/v1/sponsors/{_sponsorB}/allocations")).ReadAsync<Page<SponsorshipResponse>>(HttpStatusCode.OK);

        Assert.Equal([_fullYear, _neverStarted, _lastYear], first.Items.Concat(second.Items).Select(s => s.AllocationId));
        Assert.Null(second.NextCursor);
        Assert.Equal([_ofB], ofB.Items.Select(s => s.AllocationId));
        await (await finance.GetAsync($"/api/v1/sponsors/{_sponsorB}/allocations?cursor={first.NextCursor}")).AssertFieldsAsync("cursor");
    }
}
