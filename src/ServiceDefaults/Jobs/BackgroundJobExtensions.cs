using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.ServiceDefaults.Jobs;

public static class BackgroundJobExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TJob"/> with its runner (a hosted service), its
    /// <see cref="JobSignal{TJob}"/> and its <see cref="BackgroundJobExecutor{TJob}"/>.
    /// <paramref name="name"/> names it in logs and its <see cref="BackgroundJobOptions"/>;
    /// <paramref name="lockSpace"/> is a number no other job of the service uses. Bind or configure
    /// the returned options; nonsensical settings stop the start with the reason.
    /// </summary>
    public static OptionsBuilder<BackgroundJobOptions> AddBackgroundJob<TJob>(this IServiceCollection services, string name, int lockSpace)
        where TJob : class, IBackgroundJob
    {
        services.AddSingleton<TJob>();
        services.AddSingleton(new BackgroundJobDefinition<TJob>(name, lockSpace));
        services.AddSingleton<JobSignal<TJob>>();
        services.AddSingleton<BackgroundJobExecutor<TJob>>();
        services.AddHostedService<BackgroundJobRunner<TJob>>();
        return services.AddOptions<BackgroundJobOptions>(name).ValidateOnStart($"Background job {name}", options => options.Problems());
    }
}
