using Npgsql;

namespace PijarSemar.Registry.Duplicates;

/// <summary>
/// The possible-duplicate rule for many new workers at once: one statement flags each of them
/// that matches an earlier worker (registered before it, in this import or before), through the
/// indexes of migration 0008. Runs in the caller's transaction, after the workers are inserted.
/// </summary>
public static class PossibleDuplicateFlagging
{
    /// <summary>The new workers to check come from <c>{new_ids}</c>, a query returning a column <c>id</c>.</summary>
    private const string FlagTemplate = """
        WITH found AS (
            SELECT n.id AS worker_id, d.id AS duplicate_of, d.match
            FROM workers n
            CROSS JOIN LATERAL possible_duplicate(n.name_key, n.birth_date, n.kelurahan_key, n.seq) AS d
            WHERE n.id IN ({new_ids})
              AND n.possible_duplicate_of IS NULL
        ), flagged AS (
            UPDATE workers w SET possible_duplicate_of = f.duplicate_of
            FROM found f
            WHERE w.id = f.worker_id
        ), registered AS (
            -- The registration's snapshot is the worker as registered, flag included, as a single
            -- registration writes it; the import wrote it just before this check, uncommitted still.
            UPDATE audit_log a SET after = a.after || jsonb_build_object('possibleDuplicateOf', f.duplicate_of)
            FROM found f
            WHERE a.entity_type = 'worker' AND a.entity_id = f.worker_id AND a.action = 'Registered'
        )
        INSERT INTO possible_duplicates (worker_id, duplicate_of, match, flagged_at)
        SELECT worker_id, duplicate_of, match, @now FROM found
        ON CONFLICT (worker_id) DO NOTHING
        """;

    private static readonly string FlagIds = FlagTemplate.Replace("{new_ids}", "SELECT unnest(@ids)", StringComparison.Ordinal);

    private static readonly string FlagStagedRows = FlagTemplate.Replace("{new_ids}", "SELECT id FROM import_rows WHERE field IS NULL", StringComparison.Ordinal);

    /// <summary>Flags the workers among <paramref name="ids"/> (a chunk's new workers) that may be earlier ones; returns how many.</summary>
    public static Task<int> FlagAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] ids, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(connection, transaction, FlagIds, now, ct, new NpgsqlParameter<Guid[]>("ids", ids));

    /// <summary>
    /// The same over every checked row of the import's staging table (<c>import_rows</c>), for an
    /// import that inserts its workers in one statement; ids never inserted match no worker.
    /// </summary>
    public static Task<int> FlagStagedImportAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, DateTimeOffset now, CancellationToken ct) =>
        ExecuteAsync(connection, transaction, FlagStagedRows, now, ct);

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, DateTimeOffset now, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
