using System.Net;
using PijarSemar.Contracts;
using PijarSemar.Funding.Sponsors;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Funding.Tests.Sponsors;

public sealed class ComplianceReportTests(FundingFixture funding) : IClassFixture<FundingFixture>
{
    private readonly HttpClient _auditor = funding.ClientAs(Roles.Auditor);

    private static readonly Period June = new(2026, 6);

    /// <summary>
    /// In <paramref name="unit"/>: one civil servant sponsoring in June, one whose sponsorship ended
    /// in May, one who never sponsored, one whose sponsorship starts in July; a company sponsoring
    /// in June is not a civil servant and is not counted.
    /// </summary>
    private async Task<(Guid Sponsoring, Guid EndedInMay, Guid Never, Guid FromJuly)> SeedUnitAsync(string unit)
    {
        var db = funding.ConnectionString;
        var asn = await SponsorSeed.SourceAsync(db, "Asn", 2026);
        var csr = await SponsorSeed.SourceAsync(db, "Csr", 2026);
        var sponsoring = await SponsorSeed.SponsorAsync(db, "Asn", SponsorSeed.NextNip(), "Sri", unit);
        var endedInMay = await SponsorSeed.SponsorAsync(db, "Pppk", SponsorSeed.NextNip(), "Budi", unit);
        var never = await SponsorSeed.SponsorAsync(db, "Asn", SponsorSeed.NextNip(), "Agus", unit);
        var fromJuly = await SponsorSeed.SponsorAsync(db, "Asn", SponsorSeed.NextNip(), "Dewi", unit);
        var company = await SponsorSeed.SponsorAsync(db, "Company", SponsorSeed.NextNib(), "PT Jamu", unit);
        await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), asn, "Asn", sponsoring, new Period(2026, 1), new Period(2026, 12));
        await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), asn, "Asn", endedInMay, new Period(2026, 1), new Period(2026, 5), "Ended");
        await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), asn, "Asn", fromJuly, new Period(2026, 7), new Period(2026, 12));
        await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), csr, "Csr", company, new Period(2026, 6), new Period(2026, 6));
        return (sponsoring, endedInMay, never, fromJuly);
    }

    private static string Unit() => $"Dinas {Guid.NewGuid():N}";

    [Fact]
    public async Task The_report_counts_civil_servants_sponsoring_in_the_month_and_lists_those_who_do_not()
    {
        var unit = Unit();
        var (sponsoring, endedInMay, never, fromJuly) = await SeedUnitAsync(unit);

        var report = await (await _auditor.GetAsync($"/api/v1/sponsors/compliance?unit={Uri.EscapeDataString(unit)}&period=2026-06"))
            .ReadAsync<ComplianceReport>(HttpStatusCode.OK);

        Assert.Equal(June, report.Period);
        Assert.Equal(new UnitCompliance(unit, 4, 1, 3), report.Total);
        Assert.Equal([new UnitCompliance(unit, 4, 1, 3)], report.Units);
        Assert.Equal([endedInMay, never, fromJuly], report.Items.Select(i => i.SponsorId));
        Assert.DoesNotContain(sponsoring, report.Items.Select(i => i.SponsorId));
        Assert.All(report.Items, item => Assert.Equal(unit, item.Unit));
    }

    [Fact]
    public async Task Without_a_unit_the_report_counts_every_unit_separately()
    {
        var (unitA, unitB) = (Unit(), Unit());
        await SeedUnitAsync(unitA);
        await SeedUnitAsync(unitB);
        await SponsorSeed.SponsorAsync(funding.ConnectionString, "Pppk", SponsorSeed.NextNip(), "Rina", unitB);

        var report = await (await _auditor.GetAsync("/api/v1/sponsors/compliance?period=2026-06&limit=200"))
            .ReadAsync<ComplianceReport>(HttpStatusCode.OK);

        Assert.Contains(new UnitCompliance(unitA, 4, 1, 3), report.Units);
        Assert.Contains(new UnitCompliance(unitB, 5, 1, 4), report.Units);
        Assert.Equal(report.Units.Sum(u => u.NotSponsoring), report.Total.NotSponsoring);
        Assert.Null(report.Total.Unit);
    }

    [Fact]
    public async Task The_list_of_civil_servants_not_sponsoring_is_paged_with_the_counts_on_every_page()
    {
        var unit = Unit();
        var (_, endedInMay, never, fromJuly) = await SeedUnitAsync(unit);
        var query = $"/api/v1/sponsors/compliance?unit={Uri.EscapeDataString(unit)}&period=2026-06&limit=2";

        var first = await (await _auditor.GetAsync(query)).ReadAsync<ComplianceReport>(HttpStatusCode.OK);
        var second = await (await _auditor.GetAsync($"{query}&cursor={first.NextCursor}")).ReadAsync<ComplianceReport>(HttpStatusCode.OK);

        Assert.Equal([endedInMay, never], first.Items.Select(i => i.SponsorId));
        Assert.Equal([fromJuly], second.Items.Select(i => i.SponsorId));
        Assert.Null(second.NextCursor);
        Assert.Equal(first.Total, second.Total);
    }

    [Fact]
    public async Task Without_a_period_the_report_is_about_this_month_in_semarang()
    {
        var db = funding.ConnectionString;
        var unit = Unit();
        var thisMonth = Period.FromDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).DateTime));
        var source = await SponsorSeed.SourceAsync(db, "Asn", thisMonth.Year);
        var now = await SponsorSeed.SponsorAsync(db, "Asn", SponsorSeed.NextNip(), "Sri", unit);
        var lastMonthOnly = await SponsorSeed.SponsorAsync(db, "Asn", SponsorSeed.NextNip(), "Budi", unit);
        await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), source, "Asn", now, thisMonth, thisMonth);
        await SponsorSeed.AllocationAsync(db, Guid.NewGuid(), source, "Asn", lastMonthOnly, thisMonth.Previous(), thisMonth.Previous(), "Ended");

        var report = await (await _auditor.GetAsync($"/api/v1/sponsors/compliance?unit={Uri.EscapeDataString(unit)}"))
            .ReadAsync<ComplianceReport>(HttpStatusCode.OK);

        Assert.Equal(thisMonth, report.Period);
        Assert.Equal(new UnitCompliance(unit, 2, 1, 1), report.Total);
        Assert.Equal([lastMonthOnly], report.Items.Select(i => i.SponsorId));
    }

    [Theory]
    [InlineData("period=2026-13", "period")]
    [InlineData("period=June", "period")]
    [InlineData("cursor=xyz", "cursor")]
    [InlineData("limit=201", "limit")]
    public async Task A_bad_filter_is_a_400_naming_it(string query, string field) =>
        await (await _auditor.GetAsync($"/api/v1/sponsors/compliance?{query}")).AssertFieldsAsync(field);
}
