using Npgsql;

namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>
/// What may be said about a PostgreSQL error. Its detail, context and hint quote the rows and
/// values involved (<c>Key (nik)=(3374…)</c>, the JSON being parsed), which are personal data:
/// logs and answers get the error code, table and constraint, never those texts.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>Tables of ServiceDefaults' own machinery: a clash in them is our fault, never the caller's "already exists".</summary>
    public static readonly IReadOnlySet<string> InternalTables = new HashSet<string>(StringComparer.Ordinal)
    {
        "outbox_messages", "inbox_messages", "idempotency_keys", "audit_log", "schema_migrations",
    };

    /// <summary>The PostgreSQL error inside an exception (EF and Npgsql wrap it), if any.</summary>
    public static PostgresException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return postgres;
            }

            if (e is AggregateException { InnerExceptions: var inner })
            {
                return inner.Select(Find).FirstOrDefault(p => p is not null);
            }
        }

        return null;
    }

    /// <summary>A unique violation of one of the service's own business tables: the caller's duplicate, a 409.</summary>
    public static bool IsBusinessDuplicate(Exception exception) =>
        Find(exception) is { SqlState: PostgresErrorCodes.UniqueViolation, TableName: { Length: > 0 } table }
        && !InternalTables.Contains(table);

    /// <summary>
    /// The database cannot be reached now (refused or dropped connection, shutting down or starting up,
    /// out of connections): a request may succeed once it is back, so the caller is told to retry.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        if (Find(exception) is { } postgres)
        {
            return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"DbUpdateException > PostgresException 23505 (table workers, constraint workers_nik_key)": safe to log.</summary>
    public static string Describe(Exception exception)
    {
        var types = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            types.Add(e.GetType().Name);
        }

        var postgres = Find(exception);
        var where = postgres is null
            ? ""
            : $" {postgres.SqlState} (table {postgres.TableName ?? "-"}, constraint {postgres.ConstraintName ?? "-"})";
        return string.Join(" > ", types) + where;
    }

    /// <summary>
    /// The exception itself when it holds no PostgreSQL error; otherwise a stand-in carrying only
    /// <see cref="Describe"/> and the original stack trace, for loggers that print whole exceptions.
    /// </summary>
    public static Exception Redact(Exception exception) =>
        Find(exception) is null ? exception : new RedactedDatabaseException(exception);

    /// <summary>The texts of a PostgreSQL error that may quote data.</summary>
    internal static IEnumerable<string> SensitiveTexts(PostgresException postgres) =>
        new[] { postgres.Detail, postgres.Where, postgres.Hint, postgres.InternalQuery }
            .Where(text => !string.IsNullOrWhiteSpace(text) && text.Length > 3)
            .Select(text => text!);
}

/// <summary>A database exception reduced to what may be logged: its types, SQLSTATE, table, constraint and stack.</summary>
public sealed class RedactedDatabaseException(Exception original) : Exception(DatabaseErrors.Describe(original))
{
    public override string? StackTrace => original.StackTrace;
}
