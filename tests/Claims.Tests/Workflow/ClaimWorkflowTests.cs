using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Authentication;
using Xunit;

namespace PijarSemar.Claims.Tests.Workflow;

/// <summary>The state machine on its own: every pair of statuses, every role, every shape of note and amount.</summary>
public sealed class ClaimWorkflowTests
{
    // The workflow as the issue states it, written out pair by pair rather than derived from the code under test.
    private static readonly HashSet<(string From, string To)> Legal =
    [
        (ClaimStatus.Submitted, ClaimStatus.Verified),
        (ClaimStatus.Verified, ClaimStatus.SentToBpjs),
        (ClaimStatus.SentToBpjs, ClaimStatus.Approved),
        (ClaimStatus.Approved, ClaimStatus.Paid),
        (ClaimStatus.Submitted, ClaimStatus.Rejected),
        (ClaimStatus.Verified, ClaimStatus.Rejected),
        (ClaimStatus.SentToBpjs, ClaimStatus.Rejected),
        (ClaimStatus.Approved, ClaimStatus.Rejected),
    ];

    public static TheoryData<string, string> EveryPair()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var from in ClaimStatus.All)
        {
            foreach (var to in ClaimStatus.All)
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_move_is_allowed_exactly_when_it_is_a_step_forward_or_a_rejection_of_an_open_claim(string from, string to)
    {
        Assert.Equal(Legal.Contains((from, to)), ClaimWorkflow.IsAllowed(from, to));
        Assert.Equal(Legal.Contains((from, to)), ClaimWorkflow.AllowedFrom(from).Contains(to));
    }

    [Fact]
    public void The_matrix_covers_all_six_statuses_and_eight_moves()
    {
        Assert.Equal(36, EveryPair().Count);
        Assert.Equal(8, ClaimStatus.All.Sum(from => ClaimWorkflow.AllowedFrom(from).Count));
    }

    [Theory]
    [InlineData(ClaimStatus.Paid)]
    [InlineData(ClaimStatus.Rejected)]
    public void A_final_status_allows_no_move(string status) => Assert.Empty(ClaimWorkflow.AllowedFrom(status));

    [Fact]
    public void An_unknown_status_allows_no_move() => Assert.Empty(ClaimWorkflow.AllowedFrom("Lost"));

    public static TheoryData<string, string> EveryRoleAndTarget()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var role in Roles.All)
        {
            foreach (var to in ClaimStatus.All)
            {
                pairs.Add(role, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(EveryRoleAndTarget))]
    public void The_officer_makes_every_move_and_the_bpjs_integration_only_records_decisions_and_payments(string role, string to)
    {
        var expected = role == Roles.ClaimsOfficer
            || (role == Roles.BpjsIntegration && to is ClaimStatus.Approved or ClaimStatus.Rejected or ClaimStatus.Paid);

        Assert.Equal(expected, ClaimWorkflow.MayMove(to, r => r == role));
    }

    [Theory]
    [InlineData(ClaimStatus.Approved, 1L)]
    [InlineData(ClaimStatus.Paid, long.MaxValue)]
    [InlineData(ClaimStatus.Verified, null)]
    [InlineData(ClaimStatus.SentToBpjs, null)]
    public void An_amount_is_carried_exactly_at_approval_and_payment(string to, long? amount) =>
        Assert.Empty(ClaimWorkflow.ShapeProblems(to, note: null, amount));

    [Theory]
    [InlineData(ClaimStatus.Approved, null)]
    [InlineData(ClaimStatus.Paid, null)]
    [InlineData(ClaimStatus.Approved, 0L)]
    [InlineData(ClaimStatus.Paid, -1L)]
    [InlineData(ClaimStatus.Approved, long.MinValue)]
    [InlineData(ClaimStatus.Verified, 100L)]
    [InlineData(ClaimStatus.SentToBpjs, 100L)]
    [InlineData(ClaimStatus.Rejected, 100L)]
    [InlineData(ClaimStatus.Submitted, 100L)]
    public void A_missing_non_positive_or_unexpected_amount_is_a_problem_of_the_amount(string to, long? amount) =>
        Assert.Equal(["amount"], ClaimWorkflow.ShapeProblems(to, ClaimStatus.Rejected == to ? "reason" : null, amount).Keys);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_rejection_without_a_reason_is_a_problem_of_the_note(string? note) =>
        Assert.Equal(["note"], ClaimWorkflow.ShapeProblems(ClaimStatus.Rejected, note, amount: null).Keys);

    [Fact]
    public void A_note_is_at_most_2000_characters_on_any_move()
    {
        Assert.Empty(ClaimWorkflow.ShapeProblems(ClaimStatus.Verified, new string('a', 2000), null));
        Assert.Equal(["note"], ClaimWorkflow.ShapeProblems(ClaimStatus.Verified, new string('a', 2001), null).Keys);
        Assert.Equal(["note"], ClaimWorkflow.ShapeProblems(ClaimStatus.Rejected, new string('a', 2001), null).Keys);
    }

    [Fact]
    public void A_note_is_optional_except_on_a_rejection()
    {
        Assert.Empty(ClaimWorkflow.ShapeProblems(ClaimStatus.Verified, null, null));
        Assert.Empty(ClaimWorkflow.ShapeProblems(ClaimStatus.Rejected, "Not covered on the incident date.", null));
    }
}
