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
    /// import holds every bucket until it commits, in one transaction of up to 250,000 names, and
    /// a lock per name would overflow the server's lock table (<c>max_locks_per_transaction</c> ×
    /// connections, about 6,400 by default). Two single registrations of different names share a
    /// bucket once in 256 and then wait a few milliseconds; a single registration waits for a
    /// running import to commit (about 25 s for 250,000 rows on a quiet server).
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
    /// An import's locks: first its own, so that imports run one after another, then every name
    /// bucket in bucket order (two transactions taking several never wait for each other in a
    /// circle), held until it commits.
    /// </summary>
    public static async Task LockForImportAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({LockSpace}, {NameLockBuckets});
            SELECT count(pg_advisory_xact_lock({LockSpace}, bucket)) FROM generate_series(0, {NameLockBuckets - 1}) AS bucket
            """, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The rule for one worker, new or corrected: takes its name's lock (held until the transaction
    /// ends), then flags it against the earliest worker registered before <paramref name="beforeSeq"/>
    /// that it may be, flag row included, to be saved with the worker.
    /// </summary>
    public static async Task FlagIfPossibleDuplicateAsync(RegistryDbContext db, Worker worker, long beforeSeq, DateTimeOffset at, CancellationToken ct)
    {
        await LockNameAsync(db, worker.FullName, ct);
        var found = await db.Database
            .SqlQuery<DuplicateCandidate>($"""
                SELECT id AS "Id", match AS "Match"
                FROM possible_duplicate(duplicate_key({worker.FullName}), {worker.BirthDate}, duplicate_key({worker.Kelurahan}::text), {beforeSeq})
                """)
            .ToListAsync(ct);
        if (found is [var (earlier, match)])
        {
            // Registered all the same: the same name and birth date is no proof of the same person.
            worker.FlagPossibleDuplicateOf(earlier);
            db.PossibleDuplicates.Add(PossibleDuplicate.Flag(worker.Id, earlier, Enum.Parse<DuplicateMatch>(match), at));
        }
    }

    private sealed record DuplicateCandidate(Guid Id, string Match);
}
