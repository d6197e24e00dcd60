using System.Net;
using PijarSemar.Contracts;
using PijarSemar.Funding.Reports;
using PijarSemar.Funding.Tests.Sponsors;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.TestSupport;
using Xunit;

namespace PijarSemar.Funding.Tests.Reports;

/// <summary>Funding with a small target for 2031 and a small baseline, so the percentages are easy to check.</summary>
public sealed class CoverageFixture() : ServiceFixture<Program>("funding")
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Funding:Targets:2031", "8"),
        new("Funding:InformalWorkforceBaseline", "30"),
    ];
}

public sealed class CoverageReportTests(CoverageFixture funding) : IClassFixture<CoverageFixture>
{
    private readonly HttpClient _finance = funding.ClientAs(Roles.Finance);

    [Fact]
    public async Task Workers_funded_in_the_year_are_counted_per_source_occupation_and_kecamatan_against_target_and_baseline()
    {
        var db = funding.ConnectionString;
        var apbd = await SponsorSeed.SourceAsync(db, "Apbd", 2031, quota: 100);
        var dbhcht = await SponsorSeed.SourceAsync(db, "Dbhcht", 2031, quota: 50);
        var unused = await SponsorSeed.SourceAsync(db, "Apbd", 2031, quota: 10);
        var nextYear = await SponsorSeed.SourceAsync(db, "Apbd", 2032);
        var becakTugu = await SponsorSeed.WorkerAsync(db, "tukang-becak", "Tugu");
        var nelayanTugu = await SponsorSeed.WorkerAsync(db, "nelayan", "Tugu");
        var nelayanGenuk = await SponsorSeed.WorkerAsync(db, "nelayan", "Genuk");
        var neverStarted = await SponsorSeed.WorkerAsync(db, "pemulung", "Genuk");
        var onlyNextYear = await SponsorSeed.WorkerAsync(db, "pemulung", "Genuk");
        var unknownToFunding = Guid.NewGuid();

        await SponsorSeed.AllocationAsync(db, becakTugu, apbd, "Apbd", null, new Period(2031, 1), new Period(2031, 12));
        // Moved from APBD to DBHCHT in April: one worker funded, under both sources.
        await SponsorSeed.AllocationAsync(db, nelayanTugu, apbd, "Apbd", null, new Period(2031, 1), new Period(2031, 3), "Ended");
        await SponsorSeed.AllocationAsync(db, nelayanTugu, dbhcht, "Dbhcht", null, new Period(2031, 4), new Period(2031, 12));
        await SponsorSeed.AllocationAsync(db, nelayanGenuk, dbhcht, "Dbhcht", null, new Period(2031, 6), new Period(2031, 6));
        await SponsorSeed.AllocationAsync(db, neverStarted, apbd, "Apbd", null, new Period(2031, 3), new Period(2031, 2), "Ended");
        await SponsorSeed.AllocationAsync(db, onlyNextYear, nextYear, "Apbd", null, new Period(2032, 1), new Period(2032, 12));
        await SponsorSeed.AllocationAsync(db, unknownToFunding, apbd, "Apbd", null, new Period(2031, 12), new Period(2031, 12));

        var report = await (await _finance.GetAsync("/api/v1/reports/coverage?fiscalYear=2031")).ReadAsync<CoverageReport>(HttpStatusCode.OK);

        Assert.Equal((2031, 4), (report.FiscalYear, report.FundedWorkers));
        Assert.Equal(new Progress(8, 50.00m), report.Target);
        Assert.Equal(new Progress(30, 13.33m), report.Baseline);
        Assert.Equal([(apbd, 3), (dbhcht, 2), (unused, 0)], report.BySource.Select(s => (s.FundingSourceId, s.Workers)));
        Assert.Equal(("Apbd", 100), (report.BySource[0].Type, report.BySource[0].Quota));
        Assert.Equal(
            [new OccupationCoverage("nelayan", 2), new OccupationCoverage("tukang-becak", 1), new OccupationCoverage(null, 1)],
            report.ByOccupation);
        Assert.Equal([new KecamatanCoverage("Tugu", 2), new KecamatanCoverage("Genuk", 1), new KecamatanCoverage(null, 1)], report.ByKecamatan);
    }

    [Fact]
    public async Task A_year_without_a_target_has_none_and_its_sources_show_zero_workers()
    {
        var source = await SponsorSeed.SourceAsync(funding.ConnectionString, "Csr", 2033);

        var report = await (await _finance.GetAsync("/api/v1/reports/coverage?fiscalYear=2033")).ReadAsync<CoverageReport>(HttpStatusCode.OK);

        Assert.Null(report.Target);
        Assert.Equal((0, new Progress(30, 0m)), (report.FundedWorkers, report.Baseline));
        Assert.Equal([(source, 0)], report.BySource.Select(s => (s.FundingSourceId, s.Workers)));
        Assert.Empty(report.ByOccupation);
    }

    [Fact]
    public async Task The_program_target_for_2026_is_ten_thousand_and_without_a_year_the_report_is_about_this_year()
    {
        var thisYear = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).Year;

        var of2026 = await (await _finance.GetAsync("/api/v1/reports/coverage?fiscalYear=2026")).ReadAsync<CoverageReport>(HttpStatusCode.OK);
        var current = await (await _finance.GetAsync("/api/v1/reports/coverage")).ReadAsync<CoverageReport>(HttpStatusCode.OK);

        Assert.Equal(10_000, of2026.Target?.Of);
        Assert.Equal(thisYear, current.FiscalYear);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2019")]
    [InlineData("2101")]
    [InlineData("2026.5")]
    [InlineData("-2026")]
    public async Task A_fiscal_year_that_is_not_a_year_is_a_400_naming_it(string fiscalYear) =>
        await (await _finance.GetAsync($"/api/v1/reports/coverage?fiscalYear={fiscalYear}")).AssertFieldsAsync("fiscalYear");

    [Fact]
    public async Task Coverage_is_for_operators_finance_and_auditors()
    {
        Assert.Equal(HttpStatusCode.OK, (await funding.ClientAs(Roles.Auditor).GetAsync("/api/v1/reports/coverage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await funding.ClientAs(Roles.Operator).GetAsync("/api/v1/reports/coverage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await funding.ClientAs(Roles.ClaimsOfficer).GetAsync("/api/v1/reports/coverage")).StatusCode);
    }
}
