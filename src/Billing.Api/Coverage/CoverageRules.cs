using PijarSemar.Contracts;

namespace PijarSemar.Billing.Coverage;

/// <summary>A billed month of a worker: its invoice, payer and whether the invoice is fully paid.</summary>
public sealed record BilledMonth(Period Period, Guid InvoiceId, Guid FundingSourceId, Guid? SponsorId, bool Paid);

/// <summary>
/// BPJS's arrears rule for BPU participants: a month is protected only when paid; arrears can be
/// paid for at most <see cref="ArrearsMonths"/> months; more than that many consecutive unpaid months
/// end participation. A line counts as paid only when its whole invoice is Paid: a partial payment
/// cannot tell which workers it paid for.
/// </summary>
public static class CoverageRules
{
    public const int ArrearsMonths = 3;

    public const string Covered = "Covered";
    public const string PendingPayment = "PendingPayment";
    public const string Lapsed = "Lapsed";
    public const string NotCovered = "NotCovered";

    /// <summary>
    /// The status of <paramref name="asked"/> given the worker's billed months up to and including it
    /// (any order) and the <paramref name="current"/> month: an unpaid month is Lapsed once the current
    /// month is more than three after it, or when more than three consecutive unpaid billed months end
    /// at or before it with no paid month since (a paid month means the worker was enrolled again).
    /// </summary>
    public static (string Status, BilledMonth? Line) Decide(IReadOnlyList<BilledMonth> billed, Period asked, Period current)
    {
        var line = billed.FirstOrDefault(b => b.Period == asked);
        if (line is null)
        {
            return (NotCovered, null);
        }

        if (line.Paid)
        {
            return (Covered, line);
        }

        if (line.Period.MonthsUntil(current) > ArrearsMonths || LongestUnpaidRunSinceLastPaid(billed, asked) > ArrearsMonths)
        {
            return (Lapsed, line);
        }

        return (PendingPayment, line);
    }

    /// <summary>The longest run of consecutive unpaid billed months up to <paramref name="last"/>, counted back to the latest paid month.</summary>
    private static int LongestUnpaidRunSinceLastPaid(IReadOnlyList<BilledMonth> billed, Period last)
    {
        int longest = 0, run = 0;
        Period? previous = null;
        foreach (var month in billed.Where(b => b.Period <= last).OrderByDescending(b => b.Period))
        {
            if (month.Paid)
            {
                break;
            }

            run = previous is { } later && month.Period.MonthsUntil(later) == 1 ? run + 1 : 1;
            longest = Math.Max(longest, run);
            previous = month.Period;
        }

        return longest;
    }
}
