using PijarSemar.Registry.WorkerImports;

// In the service's root namespace, like AddApplicationServices, so Program needs no extra using.
namespace PijarSemar.Registry;

public static class WorkerImportsExtensions
{
    /// <summary>Bulk import of workers from CSV (settings in <c>Registry:Imports</c>), processed in the background.</summary>
    public static IHostApplicationBuilder AddWorkerImports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWorkerImportProcessing();
        builder.Services.AddOptions<WorkerImportOptions>().BindConfiguration("Registry:Imports");
        builder.Services.AddHostedService<WorkerImportRunner>();
        return builder;
    }

    /// <summary>
    /// What stores, runs and reads imports, without the background runner: the benchmark drives
    /// these same classes directly. Needs the service database, reference data and calendar.
    /// </summary>
    public static IServiceCollection AddWorkerImportProcessing(this IServiceCollection services)
    {
        services.AddSingleton<WorkerImportSignal>();
        services.AddSingleton<WorkerImportIntake>();
        services.AddSingleton<WorkerImportProcessor>();
        services.AddSingleton<WorkerImportQueries>();
        services.AddSingleton<RejectedRowsCsv>();
        return services;
    }

    /// <summary>POST/GET /api/v1/worker-imports.</summary>
    public static IEndpointRouteBuilder MapWorkerImportsApi(this IEndpointRouteBuilder app) => WorkerImportsApi.Map(app);
}
