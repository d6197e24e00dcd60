using PijarSemar.Claims.Data;
using PijarSemar.Claims.Filing;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Claims;

public static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ClaimsDbContext>("claims", typeof(ApplicationServices).Assembly);
        builder.AddMessaging<ClaimsDbContext>("claims", typeof(ApplicationServices).Assembly);
        builder.AddClaimFiling();
        builder.AddWorkflow();
        builder.AddBenefits();
        return builder;
    }
}
