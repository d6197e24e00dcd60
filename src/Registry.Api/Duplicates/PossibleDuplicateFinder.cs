using Microsoft.EntityFrameworkCore;
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
    /// Holds, until the transaction ends, every other registration of the same normalised name, so
    /// two registrations of one person committed at the same moment cannot both miss the other.
    /// </summary>
    public static Task LockNameAsync(RegistryDbContext db, string fullName, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockSpace}, hashtext(duplicate_key({fullName})))", ct);

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
