using PijarSemar.Contracts.Billing;
using PijarSemar.Contracts.Registry;
using PijarSemar.Funding.Allocations;
using PijarSemar.Funding.Data;
using PijarSemar.Funding.Tariffs;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Http;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Funding;

public static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<FundingDbContext>("funding", typeof(ApplicationServices).Assembly);
        builder.AddMessaging<FundingDbContext>("funding", typeof(ApplicationServices).Assembly);
        builder.AddServiceClient<IRegistryClient, RegistryClient>("registry");
        builder.AddServiceClient<IBillingClient, BillingClient>("billing");
        builder.Services.AddOptions<TariffOptions>()
            .BindConfiguration("Funding:Tariffs")
            .ValidateOnStart("Funding:Tariffs", options => options.Problems());
        builder.Services.AddSingleton<TariffCopy>();
        builder.Services.AddHostedService<TariffRefresher>();

        builder.Services.AddScoped<WorkerEligibility>();
        builder.Services.AddScoped<AllocationService>();
        builder.Services.AddScoped<DeactivatedWorkerFunding>();
        builder.AddSponsors();
        builder.AddReports();
        builder.AddAllocationRuns();
        return builder;
    }
}
