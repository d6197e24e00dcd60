namespace PijarSemar.Claims.Domain;

/// <summary>
/// When Billing is asked again about a claim's coverage: an unanswered check backs off
/// (<see cref="RetryDelay"/>, doubling with each unanswered check in a row, up to
/// <see cref="MaxRetryDelay"/>); PendingPayment is asked again every <see cref="PendingPaymentInterval"/>
/// while a payment could still make it Covered; any other answer is final.
/// </summary>
public sealed record CoverageRecheckPolicy(TimeSpan RetryDelay, TimeSpan MaxRetryDelay, TimeSpan PendingPaymentInterval)
{
    public static readonly CoverageRecheckPolicy Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromDays(1));

    /// <summary>The next check after an answer of <paramref name="coverageStatus"/>; <paramref name="unansweredInARow"/> counts this one.</summary>
    public DateTimeOffset? NextCheck(string coverageStatus, int unansweredInARow, DateTimeOffset now)
    {
        if (coverageStatus == CoverageStatus.Unknown)
        {
            // 2^20 × RetryDelay is far past any sensible cap, and keeps the multiplication from overflowing.
            var doublings = Math.Clamp(unansweredInARow - 1, 0, 20);
            return now + TimeSpan.FromTicks(Math.Min(RetryDelay.Ticks << doublings, MaxRetryDelay.Ticks));
        }

        return coverageStatus == CoverageStatus.PendingPayment ? now + PendingPaymentInterval : null;
    }
}
