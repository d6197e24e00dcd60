using Microsoft.EntityFrameworkCore;
using PijarSemar.Billing.Domain;
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
        modelBuilder.UseSnakeCaseNames();
    }
}
