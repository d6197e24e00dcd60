using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Data;

/// <summary>
/// Migrates the service's database before anything else starts (hosted services start in
/// registration order, before Kestrel accepts requests), and tells readiness when it is done.
/// </summary>
internal sealed class MigrationsHostedService(
    NpgsqlDataSource dataSource, MigrationState state, ServiceAssemblies assemblies, ILogger<MigrationsHostedService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SqlMigrator.ApplyAsync(dataSource, assemblies.WithMigrations, logger, cancellationToken);
        state.Completed = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class MigrationState
{
    private volatile bool _completed;

    public bool Completed
    {
        get => _completed;
        set => _completed = value;
    }
}

/// <summary>The service's own assembly plus ServiceDefaults, whose migrations create the outbox, inbox and audit tables.</summary>
public sealed record ServiceAssemblies(Assembly Service)
{
    public IReadOnlyList<Assembly> WithMigrations => [typeof(ServiceAssemblies).Assembly, Service];
}
