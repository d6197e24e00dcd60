using Microsoft.EntityFrameworkCore;
using PijarSemar.Funding.Domain;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Funding.Data;

public sealed class FundingDbContext(DbContextOptions<FundingDbContext> options) : DbContext(options)
{
    public DbSet<RegistryWorker> RegistryWorkers => Set<RegistryWorker>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapServiceDefaultsTables();
        modelBuilder.Entity<RegistryWorker>(worker =>
        {
            worker.ToTable("registry_workers");
            worker.HasKey(w => w.WorkerId);
            worker.Ignore(w => w.Fundable);
        });
        modelBuilder.UseSnakeCaseNames();
    }
}
