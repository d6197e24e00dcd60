using Microsoft.Extensions.DependencyInjection.Extensions;
using PijarSemar.Billing.Runs;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.ServiceDefaults.Validation;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Billing;

public static class BillingRunsExtensions
{
    /// <summary>Monthly billing runs on the job runner (settings <c>Billing:Runs</c>) and the program start (<c>Billing</c>).</summary>
    public static IHostApplicationBuilder AddBillingRuns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingRunOptions>()
            .BindConfiguration("Billing")
            .ValidateOnStart("Billing", options => options.Problems());
        builder.Services.AddBillingRunProcessing().BindConfiguration("Billing:Runs");
        builder.Services.AddScoped<BillingRunRequests>();
        return builder;
    }

    /// <summary>The job and its runner; the benchmark drives the same job through its executor.</summary>
    public static Microsoft.Extensions.Options.OptionsBuilder<BackgroundJobOptions> AddBillingRunProcessing(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddBackgroundJob<BillingRunJob>(BillingRunJob.Name, BillingRunSql.LockSpace);
    }
}
