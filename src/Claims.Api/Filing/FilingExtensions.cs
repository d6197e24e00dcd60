using PijarSemar.Claims.Coverage;
using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Registry;
using PijarSemar.ServiceDefaults.Http;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Claims.Filing;

public static class FilingExtensions
{
    /// <summary>
    /// Filing and coverage: the registry and Billing clients (the service's shared pipelines), the
    /// rules' settings (checked at start), and the background coverage check.
    /// </summary>
    public static IHostApplicationBuilder AddClaimFiling(this IHostApplicationBuilder builder)
    {
        builder.AddServiceClient<IRegistryClient, RegistryClient>("registry");
        builder.AddServiceClient<IBillingClient, BillingClient>("billing");
        builder.Services.AddOptions<FilingOptions>()
            .BindConfiguration(FilingOptions.Section)
            .ValidateOnStart(FilingOptions.Section, options => options.Problems());
        builder.Services.AddOptions<CoverageOptions>()
            .BindConfiguration(CoverageOptions.Section)
            .ValidateOnStart(CoverageOptions.Section, options => options.Problems());
        builder.Services.AddScoped<FilingWorkers>();
        builder.Services.AddScoped<BillingCoverage>();
        builder.Services.AddScoped<CoverageChecks>();
        builder.Services.AddScoped<ClaimFiling>();
        builder.Services.AddSingleton<CoverageRecheck>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CoverageRecheck>());
        return builder;
    }

    public static IEndpointRouteBuilder MapClaimFilingApi(this IEndpointRouteBuilder app) =>
        app.MapClaimFiling().MapCoverageChecksApi();
}
