using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.ServiceDefaults.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database (<c>ConnectionStrings:{name}</c>): one data source for
    /// set-based SQL, the EF Core context, start-up migrations, the outbox dispatcher and readiness.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(
        this IHostApplicationBuilder builder, string connectionName, Assembly serviceAssembly)
        where TContext : DbContext
    {
        var connectionString = ConnectionPoolLimit.Apply(
            builder.Configuration.GetConnectionString(connectionName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured."),
            builder.Configuration);

        var dataSource = new NpgsqlDataSourceBuilder(connectionString).EnableDynamicJson().Build();
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(new ServiceAssemblies(serviceAssembly));
        builder.Services.AddSingleton<MigrationState>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSavedChangesSignal>();
        builder.Services.AddSingleton<OutboxCommitSignal>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContext<TContext>((services, options) => options
            .UseNpgsql(dataSource)
            .AddInterceptors(
                services.GetRequiredService<OutboxSavedChangesSignal>(),
                services.GetRequiredService<OutboxCommitSignal>()));

        builder.Services.AddOptions<MigrationOptions>()
            .BindConfiguration("Migrations")
            .Validate(o => o.LockTimeout > TimeSpan.Zero, "Migrations:LockTimeout must be positive.")
            .Validate(o => o.LockPollInterval > TimeSpan.Zero, "Migrations:LockPollInterval must be positive.")
            .Validate(o => o.WaitLogInterval > TimeSpan.Zero, "Migrations:WaitLogInterval must be positive.")
            .ValidateOnStart();
        // First, so its StartingAsync also runs before any other lifecycle service's.
        if (!builder.Services.Any(d => d.ImplementationType == typeof(MigrationsHostedService)))
        {
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, MigrationsHostedService>());
        }
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }
}
