using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Registry.Duplicates;

/// <summary>Which rule found the earlier worker a new one may be.</summary>
public enum DuplicateMatch
{
    /// <summary>Same normalised name and same birth date: the stronger sign.</summary>
    NameAndBirthDate,

    /// <summary>Same normalised name in the same kelurahan.</summary>
    NameAndKelurahan,
}

/// <summary>An operator's answer to a flag.</summary>
public enum DuplicateDecision
{
    /// <summary>Two people: the flag is cleared from the worker.</summary>
    NotDuplicate,

    /// <summary>One person: the flag stays, and the later registration is to be rejected or deactivated as Duplicate.</summary>
    Duplicate,
}

/// <summary>
/// A worker registered although it may be the same person as an earlier one (another NIK, the
/// same name and birth date or kelurahan), and what an operator decided about it.
/// </summary>
public sealed class PossibleDuplicate
{
    public Guid WorkerId { get; private set; }
    public long Seq { get; private set; }
    public Guid DuplicateOf { get; private set; }
    public DuplicateMatch Match { get; private set; }
    public DateTimeOffset FlaggedAt { get; private set; }
    public DuplicateDecision? Decision { get; private set; }
    public string? Note { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    public static PossibleDuplicate Flag(Guid workerId, Guid duplicateOf, DuplicateMatch match, DateTimeOffset now) => new()
    {
        WorkerId = workerId,
        DuplicateOf = duplicateOf,
        Match = match,
        FlaggedAt = now,
    };

    /// <summary>Decided once: a second decision would silently overwrite who decided what.</summary>
    public void Resolve(DuplicateDecision decision, string? note, string actor, DateTimeOffset now)
    {
        if (Decision is { } decided)
        {
            throw new ConflictException(
                "Possible duplicate already resolved.",
                $"This flag was resolved as {decided} by {DecidedBy} at {DecidedAt:O}.",
                new Dictionary<string, object?> { ["currentDecision"] = decided.ToString() });
        }

        Decision = decision;
        Note = note;
        DecidedBy = actor;
        DecidedAt = now;
    }
}
