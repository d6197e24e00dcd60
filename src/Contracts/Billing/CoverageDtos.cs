namespace PijarSemar.Contracts.Billing;

/// <summary>
/// Whether a worker was protected on <see cref="Date"/>: <c>Covered</c>, <c>PendingPayment</c>,
/// <c>Lapsed</c> or <c>NotCovered</c>, for the <see cref="Period"/> of that date, with the invoice
/// and payer of that month's line when there is one.
/// </summary>
public sealed record CoverageResponse(
    Guid WorkerId, DateOnly Date, string Period, string Status, Guid? InvoiceId, Guid? FundingSourceId, Guid? SponsorId);

/// <summary>The lapse check's result: how many lapses it found and told this time.</summary>
public sealed record LapseRunResponse(string CurrentPeriod, int Lapsed);

/// <summary>Billed, paid and outstanding rupiah of one payer for one period.</summary>
public sealed record PayerPeriodReportRow(
    string Period, Guid FundingSourceId, string SourceType, Guid? SponsorId, int Invoices, long Billed, long Paid, long Outstanding);

/// <summary>One funding source's budget burn in a fiscal year: what was billed to it and what was paid.</summary>
public sealed record BudgetBurnRow(int FiscalYear, Guid FundingSourceId, string SourceType, long Billed, long Paid, long Outstanding);
