using Microsoft.EntityFrameworkCore;
using PijarSemar.Claims.Domain;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Claims.Data;

public sealed class ClaimsDbContext(DbContextOptions<ClaimsDbContext> options) : DbContext(options)
{
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<ClaimWorker> Workers => Set<ClaimWorker>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.MapServiceDefaultsTables();
        modelBuilder.Entity<Claim>(claim =>
        {
            claim.ToTable("claims");
            claim.HasKey(c => c.Id);
            claim.Property(c => c.Seq).UseIdentityAlwaysColumn();
            claim.Property(c => c.Version).IsConcurrencyToken();
            claim.Ignore(c => c.IsOpen);
            claim.HasMany(c => c.Transitions).WithOne().HasForeignKey(t => t.ClaimId);
            claim.HasMany(c => c.Documents).WithOne().HasForeignKey(d => d.ClaimId);
            claim.HasMany(c => c.CoverageChecks).WithOne().HasForeignKey(c => c.ClaimId);
            claim.Navigation(c => c.Transitions).UsePropertyAccessMode(PropertyAccessMode.Field);
            claim.Navigation(c => c.Documents).UsePropertyAccessMode(PropertyAccessMode.Field);
            claim.Navigation(c => c.CoverageChecks).UsePropertyAccessMode(PropertyAccessMode.Field);
        });
        modelBuilder.Entity<ClaimTransition>(transition =>
        {
            transition.ToTable("claim_transitions");
            transition.HasKey(t => new { t.ClaimId, t.Seq });
            transition.Property(t => t.Seq).ValueGeneratedNever();
        });
        modelBuilder.Entity<ClaimDocument>(document =>
        {
            document.ToTable("claim_documents");
            document.HasKey(d => new { d.ClaimId, d.Code });
            document.Ignore(d => d.Received);
        });
        modelBuilder.Entity<CoverageCheck>(check =>
        {
            check.ToTable("claim_coverage_checks");
            check.HasKey(c => c.Id);
            check.Property(c => c.Id).UseIdentityAlwaysColumn();
        });
        modelBuilder.Entity<ClaimWorker>(worker =>
        {
            worker.ToTable("claim_workers");
            worker.HasKey(w => w.WorkerId);
        });
        modelBuilder.UseSnakeCaseNames();
    }
}
