using PijarSemar.ServiceDefaults.Errors;

namespace PijarSemar.Claims.Domain;

public sealed partial class Claim
{
    /// <summary>The codes of the checklist documents not received yet, in checklist order.</summary>
    public IReadOnlyList<string> MissingDocuments =>
        [.. DocumentChecklist.For(Type).Where(required => !_documents.Any(d => d.Code == required.Code && d.Received)).Select(r => r.Code)];

    /// <summary>
    /// Moves the claim to <paramref name="to"/> and records the step in its history. Refuses an
    /// illegal move (409), sending to BPJS before the checklist is complete and coverage is Covered
    /// (422), and paying more than was approved (422). The note and amount must already have the
    /// shape <see cref="ClaimWorkflow.ShapeProblems"/> asks for; the endpoint answers 400 otherwise.
    /// </summary>
    public ClaimTransition MoveTo(string to, string? note, long? amount, string actor, DateTimeOffset at)
    {
        if (!ClaimWorkflow.IsAllowed(Status, to))
        {
            var allowed = ClaimWorkflow.AllowedFrom(Status);
            throw new ConflictException(
                "Illegal move.",
                allowed.Count == 0
                    ? $"The claim is {Status}, which is final; it cannot move to {to}."
                    : $"The claim is {Status}; it can move to {string.Join(" or ", allowed)}, not to {to}.",
                new Dictionary<string, object?> { ["from"] = Status, ["to"] = to, ["allowed"] = allowed });
        }

        if (ClaimWorkflow.ShapeProblems(to, note, amount) is { Count: > 0 } problems)
        {
            // A caller's bug, not the client's: the endpoint refuses such a move with a 400 before it gets here.
            throw new InvalidOperationException($"A move to {to} that is not well-formed: {string.Join(" ", problems.Values)}");
        }

        if (to == ClaimStatus.SentToBpjs)
        {
            ThrowUnlessReadyForBpjs();
        }

        if (to == ClaimStatus.Paid && amount > ApprovedAmount)
        {
            throw new BusinessRuleException(
                "Paid more than approved.",
                $"The amount paid, {amount}, is more than the approved benefit, {ApprovedAmount}.",
                new Dictionary<string, object?> { ["approvedAmount"] = ApprovedAmount, ["amount"] = amount });
        }

        var transition = ClaimTransition.Create(Id, _transitions.Count + 1, Status, to, note, amount, actor, at);
        _transitions.Add(transition);
        Status = to;
        StatusChangedAt = at;
        Version++;
        if (to == ClaimStatus.Approved)
        {
            ApprovedAmount = amount;
        }
        else if (to == ClaimStatus.Paid)
        {
            PaidAmount = amount;
        }

        if (!ClaimStatus.IsOpen(to))
        {
            ClosedAt = at;
        }

        return transition;
    }

    /// <summary>BPJS Ketenagakerjaan gets a claim only with every document and a worker covered on the incident date.</summary>
    private void ThrowUnlessReadyForBpjs()
    {
        var missing = MissingDocuments;
        if (missing.Count == 0 && CoverageStatus == Domain.CoverageStatus.Covered)
        {
            return;
        }

        var reasons = new List<string>();
        if (missing.Count > 0)
        {
            reasons.Add($"documents missing: {string.Join(", ", missing)}");
        }

        if (CoverageStatus != Domain.CoverageStatus.Covered)
        {
            reasons.Add($"coverage on the incident date is {CoverageStatus}, not {Domain.CoverageStatus.Covered}");
        }

        throw new BusinessRuleException(
            "Not ready for BPJS.",
            $"The claim cannot be sent to BPJS Ketenagakerjaan: {string.Join("; ", reasons)}.",
            new Dictionary<string, object?> { ["missingDocuments"] = missing, ["coverageStatus"] = CoverageStatus });
    }
}
