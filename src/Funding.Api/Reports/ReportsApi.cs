using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PijarSemar.Funding.Sponsors;
using PijarSemar.ServiceDefaults.Authentication;
using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Funding.Reports;

public static class ReportsApi
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/reports").WithTags("Reports")
            .MapGet("/coverage", GetCoverage)
            .WithName("GetCoverage")
            .WithSummary("Workers funded in a fiscal year (default this year) per source, occupation and kecamatan, with progress towards the year's target and the informal-workforce baseline.")
            .WithDescription("""
                A worker counts as funded in the year when an allocation covers at least one of its
                months; one moved between sources counts once in fundedWorkers and under each source.
                Percentages are 100 × funded / figure as decimals rounded half away from zero to two
                places. Target per year and baseline are settings: Funding:Targets:{year} and
                Funding:InformalWorkforceBaseline; target is null for a year without one.
                """)
            .RequireAuthorization(Policies.FundingRead);
        return app;
    }

    public static async Task<Ok<CoverageReport>> GetCoverage(string? fiscalYear, CoverageQuery coverage, SemarangClock clock, CancellationToken ct)
    {
        var year = clock.Today.Year;
        if (!string.IsNullOrWhiteSpace(fiscalYear)
            && !(int.TryParse(fiscalYear.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2020 and <= 2100))
        {
            throw RequestValidationException.For("fiscalYear", "Fiscal year must be a year from 2020 to 2100.");
        }

        return TypedResults.Ok(await coverage.RunAsync(year, ct));
    }
}
