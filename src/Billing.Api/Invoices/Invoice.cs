using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PijarSemar.Billing.Invoices;

/// <summary>
/// A payer's bill for a period as stored in <c>invoices</c>: issued by a billing run in SQL, read
/// here. <see cref="Total"/> is always <see cref="LineCount"/> lines at the run's amount.
/// </summary>
public sealed class Invoice
{
    public Guid Id { get; private set; }
    public long Seq { get; private set; }
    public Guid RunId { get; private set; }
    public DateOnly Period { get; private set; }
    public Guid FundingSourceId { get; private set; }
    public string SourceType { get; private set; } = "";
    public Guid? SponsorId { get; private set; }
    public int LineCount { get; private set; }
    public long Total { get; private set; }
    public long Paid { get; private set; }
    public string Status { get; private set; } = "";
    public long Version { get; private set; }
    public DateTimeOffset IssuedAt { get; private set; }
}

/// <summary>One worker billed for one month: the primary key (worker, period) is the exactly-once rule.</summary>
public sealed class InvoiceLine
{
    public Guid WorkerId { get; private set; }
    public DateOnly Period { get; private set; }
    public Guid InvoiceId { get; private set; }
    public Guid AllocationId { get; private set; }
    public long Amount { get; private set; }
}

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> invoice)
    {
        invoice.ToTable("invoices");
        invoice.HasKey(i => i.Id);
        invoice.Property(i => i.Seq).ValueGeneratedOnAdd();
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> line)
    {
        line.ToTable("invoice_lines");
        line.HasKey(l => new { l.WorkerId, l.Period });
    }
}
