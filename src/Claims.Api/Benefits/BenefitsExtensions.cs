using Microsoft.Extensions.Options;
using PijarSemar.Claims.Benefits;
using PijarSemar.ServiceDefaults.Validation;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Claims;

public static class BenefitsExtensions
{
    /// <summary>The benefit schedule (section <c>Claims:Benefits</c>), checked at start: a bad amount stops the service, naming it.</summary>
    public static IHostApplicationBuilder AddBenefits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BenefitScheduleOptions>()
            .BindConfiguration(BenefitScheduleOptions.Section)
            .ValidateOnStart(BenefitScheduleOptions.Section, options => options.Problems());
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<BenefitScheduleOptions>>().Value.ToSchedule());
        return builder;
    }

    /// <summary>GET /api/v1/claims/{id}/benefit-estimate.</summary>
    public static IEndpointRouteBuilder MapBenefitsApi(this IEndpointRouteBuilder app) => app.MapBenefitEstimateApi();
}
