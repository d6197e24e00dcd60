using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Data;

/// <summary>
/// Migrates the service's database before anything else starts, and tells readiness when it is
/// done. It migrates in <see cref="StartingAsync"/>, which the host runs for every lifecycle
/// service before it starts any hosted service (the bus and its consumers, the dispatcher,
/// Kestrel), so the schema exists whatever order a service's <c>Add…</c> calls come in.
/// </summary>
internal sealed class MigrationsHostedService(
    NpgsqlDataSource dataSource,
    MigrationState state,
    ServiceAssemblies assemblies,
    IOptions<MigrationOptions> options,
    ILogger<MigrationsHostedService> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await SqlMigrator.ApplyAsync(
            dataSource, SqlMigration.FromAssemblies(assemblies.WithMigrations), options.Value, logger, cancellationToken);
        state.Completed = true;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
