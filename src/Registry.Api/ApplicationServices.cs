using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Application;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;
using PijarSemar.ServiceDefaults.Validation;

namespace PijarSemar.Registry;

public static class ApplicationServices
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RegistryDbContext>("registry", typeof(ApplicationServices).Assembly);
        builder.AddMessaging<RegistryDbContext>("registry", typeof(ApplicationServices).Assembly);
        builder.Services.AddOptions<RegistrationRules>()
            .BindConfiguration("Registry:Registration")
            .ValidateOnStart("Registry:Registration", rules => rules.Problems());
        builder.Services.AddSingleton<ReferenceDataCache>();
        builder.Services.AddSingleton<SemarangCalendar>();
        builder.Services.AddScoped<WorkerRegistration>();
        builder.Services.AddScoped<WorkerLifecycle>();
        builder.Services.AddScoped<WorkerCorrection>();
        builder.Services.AddOptions<WorkerLifecycleRules>()
            .BindConfiguration(WorkerLifecycleRules.Section)
            .ValidateOnStart(WorkerLifecycleRules.Section, rules => rules.Problems());
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<WorkerLifecycleRules>>((authorization, lifecycle) =>
            authorization.AddPolicy(WorkerLifecycleRules.ReactivationApproverPolicy, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => !string.IsNullOrWhiteSpace(context.User.FindFirst("sub")?.Value))
                .RequireRole(lifecycle.Value.DeceasedReactivationApproverRole)));
        builder.AddWorkerImports();
        return builder;
    }
}
