using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Data;

/// <summary>Ready when the database answers and this instance has applied its migrations.</summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, MigrationState migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!migrations.Completed)
        {
            return HealthCheckResult.Unhealthy("Migrations have not been applied yet.");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }
}
