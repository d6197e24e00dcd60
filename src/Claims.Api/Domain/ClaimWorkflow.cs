using PijarSemar.ServiceDefaults.Authentication;

namespace PijarSemar.Claims.Domain;

/// <summary>
/// The claim's state machine as rules, without a database: which moves exist, who may make each,
/// and what a move must carry. Submitted → Verified → SentToBpjs → Approved → Paid, and Rejected
/// from any open status; Paid and Rejected are final, and a claim never goes back.
/// </summary>
public static class ClaimWorkflow
{
    public const int MaxNoteLength = 2000;

    private static readonly Dictionary<string, IReadOnlyList<string>> Moves = new()
    {
        [ClaimStatus.Submitted] = [ClaimStatus.Verified, ClaimStatus.Rejected],
        [ClaimStatus.Verified] = [ClaimStatus.SentToBpjs, ClaimStatus.Rejected],
        [ClaimStatus.SentToBpjs] = [ClaimStatus.Approved, ClaimStatus.Rejected],
        [ClaimStatus.Approved] = [ClaimStatus.Paid, ClaimStatus.Rejected],
        [ClaimStatus.Paid] = [],
        [ClaimStatus.Rejected] = [],
    };

    /// <summary>The statuses a claim in <paramref name="from"/> may move to; none from a final status.</summary>
    public static IReadOnlyList<string> AllowedFrom(string from) =>
        Moves.TryGetValue(from, out var moves) ? moves : [];

    public static bool IsAllowed(string from, string to) => AllowedFrom(from).Contains(to);

    /// <summary>
    /// The roles that may move a claim to <paramref name="to"/>. The officer runs the whole case;
    /// the BPJS integration only records what BPJS Ketenagakerjaan decided and paid.
    /// </summary>
    public static IReadOnlyList<string> RolesFor(string to) => to switch
    {
        ClaimStatus.Approved or ClaimStatus.Rejected or ClaimStatus.Paid => [Roles.ClaimsOfficer, Roles.BpjsIntegration],
        _ => [Roles.ClaimsOfficer],
    };

    public static bool MayMove(string to, Func<string, bool> hasRole) => RolesFor(to).Any(hasRole);

    /// <summary>Approved carries the approved benefit and Paid the amount paid; no other move carries an amount.</summary>
    public static bool CarriesAmount(string to) => to is ClaimStatus.Approved or ClaimStatus.Paid;

    /// <summary>A rejection says why: the family is told the reason.</summary>
    public static bool NeedsNote(string to) => to == ClaimStatus.Rejected;

    /// <summary>
    /// What a move's note and amount must look like, independent of the claim: the field and the
    /// reason for each problem, none when the move is well-formed.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ShapeProblems(string to, string? note, long? amount)
    {
        var problems = new Dictionary<string, string>();
        if (note is { Length: > MaxNoteLength })
        {
            problems["note"] = $"The note is at most {MaxNoteLength} characters.";
        }
        else if (NeedsNote(to) && string.IsNullOrWhiteSpace(note))
        {
            problems["note"] = "A rejection needs a note giving the reason.";
        }

        if (CarriesAmount(to))
        {
            if (amount is null)
            {
                problems["amount"] = to == ClaimStatus.Approved
                    ? "The approved benefit (whole rupiah above zero) is required to approve a claim."
                    : "The amount paid (whole rupiah above zero) is required to record a payment.";
            }
            else if (amount <= 0)
            {
                problems["amount"] = "The amount is a whole number of rupiah above zero.";
            }
        }
        else if (amount is not null)
        {
            problems["amount"] = $"An amount is recorded only at {ClaimStatus.Approved} and {ClaimStatus.Paid}, not at {to}.";
        }

        return problems;
    }
}
