using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Claims.Data;

public sealed class ClaimsDbContext(DbContextOptions<ClaimsDbContext> options) : DbContext(options)
{
    public DbSet<Claim> Claims => Set<Claim>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapServiceDefaultsTables();
        modelBuilder.Entity<Claim>(claim =>
        {
            claim.ToTable("claims");
            claim.HasKey(c => c.Id);
            claim.Property(c => c.Seq).UseIdentityAlwaysColumn();
        });
        modelBuilder.UseSnakeCaseNames();
    }
}
