using Npgsql;

namespace PijarSemar.Registry.Duplicates;

/// <summary>A new worker (by its place in the list asked about) that may be an earlier one.</summary>
public readonly record struct FoundDuplicate(int Index, Guid DuplicateOf, DuplicateMatch Match);

/// <summary>
/// The possible-duplicate rule for many new workers at once, through the indexes of migration
/// 0008, in the caller's transaction: either found before the workers are written
/// (<see cref="FindBeforeInsertAsync"/>, so each is written once, flag included), or flagged
/// after they were inserted (<see cref="FlagAsync"/>).
/// </summary>
public static class PossibleDuplicateFlagging
{
    /// <summary>
    /// The rule of <c>possible_duplicate</c> for a list of workers about to be registered in list
    /// order, each after those before it: the earliest match by name and birth date among the
    /// registered workers, else among the earlier ones of the list; only then the same by name and
    /// kelurahan. Registered workers all come before the list (the name locks keep others out).
    /// </summary>
    private const string FindBeforeInsert = """
        WITH listed AS (
            SELECT l.ord, l.id, duplicate_key(l.full_name) AS name_key, l.birth_date, duplicate_key(l.kelurahan) AS kelurahan_key
            FROM unnest(@ids, @names, @birth_dates, @kelurahan) WITH ORDINALITY AS l(id, full_name, birth_date, kelurahan, ord)
        ), earliest AS (
            SELECT ord, id, name_key, birth_date, kelurahan_key,
                   first_value(id) OVER (PARTITION BY name_key, birth_date ORDER BY ord) AS same_birth_date,
                   first_value(id) OVER (PARTITION BY name_key, kelurahan_key ORDER BY ord) AS same_kelurahan
            FROM listed
            WHERE name_key IS NOT NULL
        ), found AS (
            SELECT e.ord,
                   CASE WHEN d.match = 'NameAndBirthDate' THEN d.id
                        WHEN e.same_birth_date <> e.id THEN e.same_birth_date
                        WHEN d.id IS NOT NULL THEN d.id
                        WHEN e.kelurahan_key IS NOT NULL AND e.same_kelurahan <> e.id THEN e.same_kelurahan END AS duplicate_of,
                   CASE WHEN d.match = 'NameAndBirthDate' OR e.same_birth_date <> e.id THEN 'NameAndBirthDate'
                        ELSE 'NameAndKelurahan' END AS match
            FROM earliest e
            LEFT JOIN LATERAL possible_duplicate(e.name_key, e.birth_date, e.kelurahan_key, 9223372036854775807) AS d ON true
        )
        SELECT (ord - 1)::integer, duplicate_of, match FROM found WHERE duplicate_of IS NOT NULL
        """;

    /// <summary>
    /// The earlier worker each of the given new workers may be (those with none are left out).
    /// The arrays are one worker per index, in the order they will be registered.
    /// </summary>
    public static async Task<List<FoundDuplicate>> FindBeforeInsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, string[] names, DateOnly[] birthDates, string?[] kelurahan, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(FindBeforeInsert, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids));
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", names));
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("birth_dates", birthDates));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("kelurahan", kelurahan));
        var found = new List<FoundDuplicate>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(new FoundDuplicate(reader.GetInt32(0), reader.GetGuid(1), Enum.Parse<DuplicateMatch>(reader.GetString(2))));
        }

        return found;
    }

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
