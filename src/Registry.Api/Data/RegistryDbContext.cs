using Microsoft.EntityFrameworkCore;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.Data;

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public DbSet<Worker> Workers => Set<Worker>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapServiceDefaultsTables();
        modelBuilder.Entity<Worker>(worker =>
        {
            worker.ToTable("workers");
            worker.HasKey(w => w.Id);
            worker.Property(w => w.Seq).UseIdentityAlwaysColumn();
            worker.Property(w => w.Sex).HasConversion<string>();
            worker.Property(w => w.Status).HasConversion<string>();

            // PostgreSQL's row version: two operators changing one worker at once get a 409, not a lost update.
            worker.Property<uint>("xmin").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        });
        modelBuilder.UseSnakeCaseNames();
    }
}
