using System.Data.Common;
using Microsoft.Extensions.Configuration;

namespace PijarSemar.ServiceDefaults.Data;

/// <summary>
/// Bounds a service's connection pool when its connection string does not: Npgsql's default of 100
/// per replica lets four services on one server pass PostgreSQL's own limit under load, and the
/// server then refuses requests ("too many clients") instead of queueing them in the pool.
/// </summary>
public static class ConnectionPoolLimit
{
    public const int DefaultMaxPoolSize = 20;

    private static readonly string[] MaxPoolSizeKeys = ["Maximum Pool Size", "MaxPoolSize"];

    /// <summary><paramref name="connectionString"/> with <c>Database:MaxPoolSize</c> (default 20) unless it names a size itself.</summary>
    public static string Apply(string connectionString, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (MaxPoolSizeKeys.Any(parts.ContainsKey))
        {
            return connectionString;
        }

        var size = configuration.GetValue("Database:MaxPoolSize", DefaultMaxPoolSize);
        if (size < 1)
        {
            throw new InvalidOperationException($"Database:MaxPoolSize must be at least 1, not {size}.");
        }

        parts["Maximum Pool Size"] = size;
        return parts.ConnectionString;
    }
}
