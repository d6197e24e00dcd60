using Microsoft.Extensions.DependencyInjection.Extensions;
using PijarSemar.Funding.Reports;
using PijarSemar.Funding.Sponsors;
using PijarSemar.ServiceDefaults.Validation;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Funding;

public static class ReportsExtensions
{
    /// <summary>Coverage figures (targets and baseline in section <c>Funding</c>). Needs the service database.</summary>
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CoverageOptions>()
            .BindConfiguration(CoverageOptions.Section)
            .ValidateOnStart(CoverageOptions.Section, options => options.Problems());
        builder.Services.TryAddSingleton<SemarangClock>();
        builder.Services.AddSingleton<CoverageQuery>();
        return builder;
    }

    /// <summary>GET /api/v1/reports/coverage.</summary>
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app) => ReportsApi.Map(app);
}
