using PijarSemar.Contracts;

namespace PijarSemar.Billing.Runs;

/// <summary>Bill every allocation active in <see cref="Period"/>.</summary>
public sealed record CreateBillingRunRequest(Period? Period);

/// <summary>
/// A billing run. <see cref="Amount"/> is the contribution per worker at the tariff in force from
/// <see cref="TariffFrom"/>; the counts and <see cref="Total"/> are filled in when it is Completed,
/// and its invoices are listed at <see cref="InvoicesHref"/>.
/// </summary>
public sealed record BillingRunResponse(
    Guid Id,
    Period Period,
    string Status,
    string? TariffFrom,
    long? Amount,
    int InvoiceCount,
    int LineCount,
    long Total,
    int Attempts,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? CompletedAt,
    string? LastError,
    string InvoicesHref);

internal static class BillingRunMapping
{
    public static BillingRunResponse ToResponse(this BillingRun run)
    {
        var period = Period.FromDate(run.Period);
        return new BillingRunResponse(
            run.Id,
            period,
            run.Status,
            run.TariffFrom is { } from ? Period.FromDate(from).ToString() : null,
            run.Amount,
            run.InvoiceCount,
            run.LineCount,
            run.Total,
            run.Attempts,
            run.RequestedBy,
            run.RequestedAt,
            run.CompletedAt,
            run.LastError,
            $"/api/v1/invoices?period={period}");
    }
}
