using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Tariffs;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Billing.Data;

public sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public DbSet<Tariff> Tariffs => Set<Tariff>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapServiceDefaultsTables();
        modelBuilder.Entity<Tariff>(tariff =>
        {
            tariff.ToTable("tariffs");
            tariff.HasKey(t => t.EffectiveFrom);
            tariff.Ignore(t => t.MonthlyContribution);
        });

        // Each feature (runs, invoices, payments, coverage) maps its tables in IEntityTypeConfiguration classes of its own folder.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BillingDbContext).Assembly);
        modelBuilder.UseSnakeCaseNames();
    }
}
