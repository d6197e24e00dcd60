using Npgsql;

namespace PijarSemar.EndToEnd.Tests.HostileInput;

/// <summary>
/// Every table of a service's database as its row count and an order-independent hash of its rows,
/// taken in one statement: two equal fingerprints mean nothing was inserted, changed or deleted.
/// </summary>
public sealed class DatabaseFingerprint
{
    private readonly string _connectionString;
    private readonly string _sql;

    private DatabaseFingerprint(string connectionString, string sql)
    {
        _connectionString = connectionString;
        _sql = sql;
    }

    /// <summary>The fingerprint of every table but <paramref name="excluded"/> (<c>schema.table</c>).</summary>
    public static async Task<DatabaseFingerprint> ForAsync(string connectionString, IReadOnlyCollection<string> excluded)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var found = await TablesAsync(connection);
        if (excluded.Except(found).ToList() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException($"Excluded tables that do not exist (renamed?): {string.Join(", ", missing)}.");
        }

        var sql = string.Join("\nUNION ALL ", found.Except(excluded).Select(t =>
            $"SELECT '{t}', count(*), coalesce(sum(hashtextextended(r::text, 0)), 0)::text FROM {t} r"));
        return new DatabaseFingerprint(connectionString, sql);
    }

    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)
            FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1
            """, connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    /// <summary>Table name to "count/hash".</summary>
    public async Task<IReadOnlyDictionary<string, string>> TakeAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(_sql, connection);
        var tables = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables[reader.GetString(0)] = $"{reader.GetInt64(1)}/{reader.GetString(2)}";
        }

        return tables;
    }

    /// <summary>The tables whose fingerprint differs, with both values.</summary>
    public static IEnumerable<string> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys)
            .Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t, "-")} -> {after.GetValueOrDefault(t, "-")}");
}
