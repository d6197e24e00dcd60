using Npgsql;

namespace PijarSemar.Registry.Duplicates;

/// <summary>A new worker (by its place in the list asked about) that may be an earlier one.</summary>
public readonly record struct FoundDuplicate(int Index, Guid DuplicateOf, DuplicateMatch Match);

/// <summary>What the database says of one worker about to be imported: its keys, and the registered workers it meets.</summary>
/// <param name="NameKey"><c>duplicate_key(full_name)</c>: null for a name without a letter or digit.</param>
/// <param name="KelurahanKey"><c>duplicate_key(kelurahan)</c>.</param>
/// <param name="Registered">The earliest registered worker it may be, by the rule of <c>possible_duplicate</c>.</param>
/// <param name="NikOwner">The registered worker that holds its NIK already.</param>
public readonly record struct RegisteredMatches(string? NameKey, string? KelurahanKey, (Guid Id, DuplicateMatch Match)? Registered, Guid? NikOwner);

/// <summary>
/// The possible-duplicate rule for many new workers at once, through the SQL function
/// <c>possible_duplicate</c> (migration 0008) that single registration uses: one statement for a
/// whole chunk of an import, on a connection of its own.
/// </summary>
public static class PossibleDuplicateFlagging
{
    /// <summary>
    /// For each listed worker, in list order: its name and kelurahan keys (computed here, so that
    /// there is one definition of them) and the earliest committed worker it may be. The import's
    /// own rows are not committed yet, so they are not seen.
    /// </summary>
    public const string LookUpStatement = """
        WITH listed AS MATERIALIZED (
            SELECT l.ord, duplicate_key(l.full_name) AS name_key, l.birth_date, duplicate_key(l.kelurahan) AS kelurahan_key
            FROM unnest(@names, @birth_dates, @kelurahan) WITH ORDINALITY AS l(full_name, birth_date, kelurahan, ord)
        )
        SELECT l.name_key, l.kelurahan_key, d.id, d.match
        FROM listed l
        LEFT JOIN LATERAL possible_duplicate(l.name_key, l.birth_date, l.kelurahan_key, 9223372036854775807) AS d ON true
        ORDER BY l.ord
        """;

    /// <summary>
    /// The committed workers holding any of the listed NIKs: one scan of <c>workers_nik</c> for the
    /// whole list, which visits the index in key order, half the cost of a probe per row. (As a
    /// join, the planner merges the list with the whole index instead: every registered worker
    /// read for each chunk.)
    /// </summary>
    public const string NikOwnersStatement = "SELECT nik, id FROM workers WHERE nik = ANY(@niks)";

    /// <summary>The arrays are one worker per index; the answer has one entry per worker, in the same order. Both statements go in one round trip.</summary>
    public static async Task<RegisteredMatches[]> LookUpAsync(
        NpgsqlConnection connection, string[] niks, string[] names, DateOnly[] birthDates, string?[] kelurahan, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection) { Timeout = 0 };
        var lookUp = new NpgsqlBatchCommand(LookUpStatement);
        lookUp.Parameters.Add(new NpgsqlParameter<string[]>("names", names));
        lookUp.Parameters.Add(new NpgsqlParameter<DateOnly[]>("birth_dates", birthDates));
        lookUp.Parameters.Add(new NpgsqlParameter<string?[]>("kelurahan", kelurahan));
        var nikOwners = new NpgsqlBatchCommand(NikOwnersStatement);
        nikOwners.Parameters.Add(new NpgsqlParameter<string[]>("niks", niks));
        // The NIK owners first, so each row of the look-up is answered as it is read.
        batch.BatchCommands.Add(nikOwners);
        batch.BatchCommands.Add(lookUp);

        var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var matches = new RegisteredMatches[niks.Length];
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            owners[reader.GetString(0)] = reader.GetGuid(1);
        }

        await reader.NextResultAsync(ct);
        for (var i = 0; await reader.ReadAsync(ct); i++)
        {
            matches[i] = new RegisteredMatches(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : (reader.GetGuid(2), Enum.Parse<DuplicateMatch>(reader.GetString(3))),
                owners.TryGetValue(niks[i], out var owner) ? owner : null);
        }

        return matches;
    }
}
