namespace PijarSemar.Registry.Duplicates;

/// <summary>
/// The names an import has written so far, by their keys, so that each new worker is checked
/// against the import's earlier rows too, which the database cannot show another connection
/// before the import commits. Together with what the database found among registered workers
/// (<see cref="RegisteredMatches"/>) it applies the rule of <c>possible_duplicate</c> to a list
/// registered in order: the earliest worker with the same name and birth date, registered before
/// the list or earlier in it (registered ones come first); only then the same by name and kelurahan.
/// </summary>
public sealed class ListedNames
{
    private readonly Dictionary<(string Name, DateOnly BirthDate), Guid> _byBirthDate = [];
    private readonly Dictionary<(string Name, string Kelurahan), Guid> _byKelurahan = [];

    /// <summary>
    /// The possible duplicate of each new worker, in list order, each checked after those before
    /// it; nothing is remembered until <see cref="Keep"/>, so a chunk that must be written again
    /// can be resolved again.
    /// </summary>
    public Resolution Resolve(IReadOnlyList<(Guid Id, DateOnly BirthDate, RegisteredMatches Matches)> workers)
    {
        var resolution = new Resolution();
        for (var i = 0; i < workers.Count; i++)
        {
            var (id, birthDate, (name, kelurahan, registered, _)) = workers[i];
            if (name is null)
            {
                continue;
            }

            if (Find(name, birthDate, kelurahan, registered, resolution) is { } found)
            {
                resolution.Found.Add(new FoundDuplicate(i, found.Id, found.Match));
            }

            resolution.ByBirthDate.TryAdd((name, birthDate), id);
            if (kelurahan is not null)
            {
                resolution.ByKelurahan.TryAdd((name, kelurahan), id);
            }
        }

        return resolution;
    }

    /// <summary>Remembers a resolved chunk's workers once they are written.</summary>
    public void Keep(Resolution resolution)
    {
        foreach (var (key, id) in resolution.ByBirthDate)
        {
            _byBirthDate.TryAdd(key, id);
        }

        foreach (var (key, id) in resolution.ByKelurahan)
        {
            _byKelurahan.TryAdd(key, id);
        }
    }

    private (Guid Id, DuplicateMatch Match)? Find(
        string name, DateOnly birthDate, string? kelurahan, (Guid Id, DuplicateMatch Match)? registered, Resolution chunk)
    {
        if (registered is { Match: DuplicateMatch.NameAndBirthDate })
        {
            return registered;
        }

        if (Earliest(_byBirthDate, chunk.ByBirthDate, (name, birthDate)) is { } sameBirthDate)
        {
            return (sameBirthDate, DuplicateMatch.NameAndBirthDate);
        }

        if (registered is not null)
        {
            return registered;
        }

        return kelurahan is not null && Earliest(_byKelurahan, chunk.ByKelurahan, (name, kelurahan)) is { } sameKelurahan
            ? (sameKelurahan, DuplicateMatch.NameAndKelurahan)
            : null;
    }

    /// <summary>Earlier chunks come before the chunk being resolved.</summary>
    private static Guid? Earliest<TKey>(Dictionary<TKey, Guid> kept, Dictionary<TKey, Guid> chunk, TKey key) where TKey : notnull =>
        kept.TryGetValue(key, out var id) || chunk.TryGetValue(key, out id) ? id : null;

    /// <summary>The flags of one chunk, and its workers' keys to remember once the chunk is written.</summary>
    public sealed class Resolution
    {
        public List<FoundDuplicate> Found { get; } = [];
        internal Dictionary<(string Name, DateOnly BirthDate), Guid> ByBirthDate { get; } = [];
        internal Dictionary<(string Name, string Kelurahan), Guid> ByKelurahan { get; } = [];
    }
}
