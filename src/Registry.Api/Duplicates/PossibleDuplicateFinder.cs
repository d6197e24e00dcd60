using Microsoft.EntityFrameworkCore;
using Npgsql;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;

namespace PijarSemar.Registry.Duplicates;

/// <summary>
/// The possible-duplicate rule for one registration, through the same SQL function
/// (<c>possible_duplicate</c>, migration 0008) the import applies to a whole chunk.
/// </summary>
public static class PossibleDuplicateFinder
{
    /// <summary>The advisory-lock space of registrations by normalised name, apart from every other lock.</summary>
    public const int LockSpace = 3374_0008;

    /// <summary>
    /// Names share <see cref="NameLockBuckets"/> locks (the bucket is the name key's hash): an
    /// import holds the locks of every name it registers until it commits, in one transaction of
    /// up to 250,000 names, and a lock per name would overflow the server's lock table
    /// (<c>max_locks_per_transaction</c> × connections, about 6,400 by default). Two single
    /// registrations of different names share a bucket once in 256 and then wait a few milliseconds.
    /// </summary>
    public const int NameLockBuckets = 256;

    /// <summary>
    /// Holds, until the transaction ends, every other registration of the same normalised name
    /// (an import's too), so two registrations of one person committed at the same moment cannot
    /// both miss the other.
    /// </summary>
    public static Task LockNameAsync(RegistryDbContext db, string fullName, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, hashtext(duplicate_key({fullName})) & {NameLockBuckets - 1})", ct);

    /// <summary>
    /// The same locks for many names at once (an import's chunk), taken in bucket order so that two
    /// transactions taking several never wait for each other in a circle. Held until the end of the
    /// transaction; taking one already held again costs nothing.
    /// </summary>
    public static async Task LockNamesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] fullNames, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT count(pg_advisory_xact_lock({LockSpace}, bucket))
            FROM (SELECT DISTINCT hashtext(duplicate_key(name)) & {NameLockBuckets - 1} AS bucket
                  FROM unnest(@names) AS name
                  ORDER BY bucket) AS buckets
            """, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", fullNames));
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>Taken first by an import, so that imports take their name locks one import after another.</summary>
    public static async Task LockForImportAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockSpace}, {NameLockBuckets})", connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>The earliest registered worker the new one may be; null when none.</summary>
    public static async Task<(Guid Id, DuplicateMatch Match)?> FindAsync(RegistryDbContext db, NewWorker worker, CancellationToken ct)
    {
        var found = await db.Database
            .SqlQuery<DuplicateCandidate>($"""
                SELECT id AS "Id", match AS "Match"
                FROM possible_duplicate(duplicate_key({worker.FullName}), {worker.BirthDate}, duplicate_key({worker.Kelurahan}::text), {long.MaxValue})
                """)
            .ToListAsync(ct);
        return found is [var candidate] ? (candidate.Id, Enum.Parse<DuplicateMatch>(candidate.Match)) : null;
    }

    private sealed record DuplicateCandidate(Guid Id, string Match);
}
