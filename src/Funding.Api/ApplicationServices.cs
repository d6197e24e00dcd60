using PijarSemar.Funding.Data;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Funding;

public static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<FundingDbContext>("funding", typeof(ApplicationServices).Assembly);
        builder.AddMessaging<FundingDbContext>("funding", typeof(ApplicationServices).Assembly);
        builder.AddSponsors();
        builder.AddReports();
        return builder;
    }
}
