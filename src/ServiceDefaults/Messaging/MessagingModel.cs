using Microsoft.EntityFrameworkCore;
using PijarSemar.ServiceDefaults.Auditing;

namespace PijarSemar.ServiceDefaults.Messaging;

public static class MessagingModel
{
    /// <summary>Maps the outbox, inbox and audit tables created by ServiceDefaults' own migration.</summary>
    public static ModelBuilder MapServiceDefaultsTables(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Position);
            outbox.Property(m => m.Position).ValueGeneratedOnAdd();
            outbox.Property(m => m.Payload).HasColumnType("jsonb");
            outbox.Property(m => m.TraceParent).HasColumnName("traceparent");
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
        });
        modelBuilder.Entity<AuditEntry>(audit =>
        {
            audit.ToTable("audit_log");
            audit.HasKey(a => a.Id);
            audit.Property(a => a.Id).ValueGeneratedOnAdd();
            audit.Property(a => a.Before).HasColumnType("jsonb");
            audit.Property(a => a.After).HasColumnType("jsonb");
        });
        return modelBuilder;
    }
}
