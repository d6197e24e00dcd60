using Microsoft.Extensions.DependencyInjection.Extensions;
using PijarSemar.Funding.Sponsors;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Funding;

public static class SponsorsExtensions
{
    /// <summary>Sponsors (civil servants and companies), their roster import and the mandate report. Needs the service database.</summary>
    public static IHostApplicationBuilder AddSponsors(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<SemarangClock>();
        builder.Services.AddSingleton<SponsorRegistration>();
        builder.Services.AddSingleton<SponsorQueries>();
        builder.Services.AddSingleton<ComplianceQuery>();
        builder.Services.AddSingleton<SponsorRosterImport>();
        return builder;
    }

    /// <summary>/api/v1/sponsors (with /me for sponsor tokens and /compliance) and /api/v1/sponsor-rosters.</summary>
    public static IEndpointRouteBuilder MapSponsorsApi(this IEndpointRouteBuilder app) => SponsorsApi.Map(app);
}
