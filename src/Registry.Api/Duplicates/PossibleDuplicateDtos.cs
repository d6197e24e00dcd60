namespace PijarSemar.Registry.Duplicates;

/// <summary>
/// A flagged worker: the earlier worker it may be, which rule matched, and the decision once made.
/// <see cref="NextStep"/> says what an operator does after a Duplicate decision.
/// </summary>
public sealed record PossibleDuplicateResponse(
    Guid WorkerId,
    Guid PossibleDuplicateOf,
    string Match,
    DateTimeOffset FlaggedAt,
    string? Decision,
    string? Note,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? NextStep = null);

/// <summary><see cref="Decision"/>: NotDuplicate (a note saying why is required) or Duplicate.</summary>
public sealed record PossibleDuplicateResolutionRequest(string? Decision, string? Note);
