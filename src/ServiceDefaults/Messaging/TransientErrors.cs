using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace PijarSemar.ServiceDefaults.Messaging;

/// <summary>
/// Which consumer failures are worth trying again: the database was unreachable, restarting, out
/// of connections, or lost a race (deadlock, serialization, concurrent update). Everything else is
/// a fault in the message or the code, and trying again would fail the same way.
/// </summary>
public static class TransientErrors
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return IsTransient(postgres.SqlState);
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                case DbUpdateConcurrencyException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Connection exceptions (08), insufficient resources (53), shutdown or not accepting connections
    /// yet (57P01–57P03), serialization failure, deadlock and lock timeout. Unique, check and
    /// foreign-key violations are not: the same message would violate them again.
    /// </summary>
    public static bool IsTransient(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable;
}
