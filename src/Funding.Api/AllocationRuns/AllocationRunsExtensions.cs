using PijarSemar.Funding.AllocationRuns;
using PijarSemar.ServiceDefaults.Jobs;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Funding;

public static class AllocationRunsExtensions
{
    /// <summary>Automatic allocation runs on the background-job runner (settings in <c>Funding:AllocationRuns</c>).</summary>
    public static IHostApplicationBuilder AddAllocationRuns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AllocationRunWork>();
        builder.Services.AddSingleton<AllocationRunQueries>();
        builder.Services.AddBackgroundJob<AllocationRunJob>(AllocationRunJob.Name, AllocationRunJob.LockSpace)
            .BindConfiguration("Funding:AllocationRuns");
        return builder;
    }

    /// <summary>/api/v1/allocation-runs.</summary>
    public static IEndpointRouteBuilder MapAllocationRunsApi(this IEndpointRouteBuilder app) => AllocationRunsApi.Map(app);
}
