using Microsoft.Extensions.Options;
using PijarSemar.Registry.WorkerImports;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.ServiceDefaults.Validation;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Registry;

public static class WorkerImportsExtensions
{
    /// <summary>Bulk import of workers from CSV (settings in <c>Registry:Imports</c>), processed in the background.</summary>
    public static IHostApplicationBuilder AddWorkerImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWorkerImportProcessing();
        builder.Services.AddHostedService<WorkerImportRetentionService>();
        builder.Services.AddOptions<WorkerImportOptions>()
            .BindConfiguration("Registry:Imports")
            .ValidateOnStart("Registry:Imports", options => options.Problems());
        return builder;
    }

    /// <summary>
    /// What stores, runs and reads imports. The benchmark drives these same classes without a host,
    /// so the runner (a hosted service) never starts there. Needs the service database, reference
    /// data and calendar.
    /// </summary>
    public static IServiceCollection AddWorkerImportProcessing(this IServiceCollection services)
    {
        services.AddBackgroundJob<WorkerImportJob>(WorkerImportJob.Name, WorkerImportSql.LockSpace)
            .Configure<IOptions<WorkerImportOptions>>((job, imports) =>
            {
                job.PollInterval = imports.Value.PollInterval;
                job.MaxAttempts = imports.Value.MaxAttempts;
            });
        services.AddSingleton<WorkerImportIntake>();
        services.AddSingleton<WorkerImportProcessor>();
        services.AddSingleton<WorkerImportQueries>();
        services.AddSingleton<RejectedRowsCsv>();
        services.AddSingleton<WorkerImportRetention>();
        services.AddSingleton<WorkerImportRetry>();
        return services;
    }

    /// <summary>POST/GET /api/v1/worker-imports.</summary>
    public static IEndpointRouteBuilder MapWorkerImportsApi(this IEndpointRouteBuilder app) => WorkerImportsApi.Map(app);
}
