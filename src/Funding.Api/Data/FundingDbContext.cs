using Microsoft.EntityFrameworkCore;
using PijarSemar.Funding.Domain;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Funding.Data;

public sealed class FundingDbContext(DbContextOptions<FundingDbContext> options) : DbContext(options)
{
    public DbSet<RegistryWorker> RegistryWorkers => Set<RegistryWorker>();

    public DbSet<FundingSource> FundingSources => Set<FundingSource>();

    public DbSet<Allocation> Allocations => Set<Allocation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapServiceDefaultsTables();
        modelBuilder.Entity<RegistryWorker>(worker =>
        {
            worker.ToTable("registry_workers");
            worker.HasKey(w => w.WorkerId);
            worker.Ignore(w => w.Fundable);
        });
        modelBuilder.Entity<FundingSource>(source =>
        {
            source.ToTable("funding_sources");
            source.HasKey(s => s.Id);
            source.Property(s => s.Seq).ValueGeneratedOnAdd();
            source.Property(s => s.Type).HasConversion<string>();
        });
        modelBuilder.Entity<Allocation>(allocation =>
        {
            allocation.ToTable("allocations");
            allocation.HasKey(a => a.Id);
            allocation.Property(a => a.Seq).ValueGeneratedOnAdd();
            allocation.Property(a => a.SourceType).HasConversion<string>();
            allocation.Ignore(a => a.StartPeriod);
            allocation.Ignore(a => a.EndPeriod);
        });

        // Other features (sponsors, reports) map their tables in IEntityTypeConfiguration classes of their own folders.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FundingDbContext).Assembly);
        modelBuilder.UseSnakeCaseNames();
    }
}
