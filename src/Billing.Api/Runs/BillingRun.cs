using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PijarSemar.Billing.Runs;

/// <summary>
/// A month's billing run as stored in <c>billing_runs</c>; written only by SQL (the request and
/// the job), read through EF. Its status is the job item's status (Queued, Running, Completed, Failed).
/// </summary>
public sealed class BillingRun
{
    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public DateOnly Period { get; private set; }
    public string Status { get; private set; } = "";
    public DateOnly? TariffFrom { get; private set; }
    public long? Amount { get; private set; }
    public int InvoiceCount { get; private set; }
    public int LineCount { get; private set; }
    public long Total { get; private set; }
    public int Attempts { get; private set; }
    public string RequestedBy { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    public string? LastError { get; private set; }
}

internal sealed class BillingRunConfiguration : IEntityTypeConfiguration<BillingRun>
{
    public void Configure(EntityTypeBuilder<BillingRun> run)
    {
        run.ToTable("billing_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Seq).ValueGeneratedOnAdd();
    }
}
