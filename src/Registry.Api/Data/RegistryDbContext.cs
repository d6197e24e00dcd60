using Microsoft.EntityFrameworkCore;
using PijarSemar.Registry.Domain;
using PijarSemar.Registry.Duplicates;
using PijarSemar.ServiceDefaults.Data;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.Data;

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    /// <summary>The stored, lower-cased, accent-free copy of the name that name search matches against.</summary>
    public const string NameSearch = "NameSearch";

    public DbSet<Worker> Workers => Set<Worker>();

    public DbSet<PossibleDuplicate> PossibleDuplicates => Set<PossibleDuplicate>();

    /// <summary>The same folding the database applies to names (migration 0002), for the search input.</summary>
    public static string SearchText(string value) => throw new InvalidOperationException("Only for use in queries.");

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
            worker.Property<string>(NameSearch).HasComputedColumnSql("search_text(full_name)", stored: true);

            // PostgreSQL's row version: two operators changing one worker at once get a 409, not a lost update.
            worker.Property<uint>("xmin").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        });
        modelBuilder.Entity<PossibleDuplicate>(flag =>
        {
            flag.ToTable("possible_duplicates");
            flag.HasKey(f => f.WorkerId);
            flag.Property(f => f.Seq).UseIdentityAlwaysColumn();
            flag.Property(f => f.Match).HasConversion<string>();
            flag.Property(f => f.Decision).HasConversion<string>();

            // Known to EF, so a flag added with its new worker is inserted after the worker.
            flag.HasOne<Worker>().WithOne().HasForeignKey<PossibleDuplicate>(f => f.WorkerId);
            flag.HasOne<Worker>().WithMany().HasForeignKey(f => f.DuplicateOf);

            // Two operators deciding one flag at once: one decision stands, the other gets a 409.
            flag.Property<uint>("xmin").HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
        });
        modelBuilder.HasDbFunction(typeof(RegistryDbContext).GetMethod(nameof(SearchText))!).HasName("search_text");
        modelBuilder.UseSnakeCaseNames();
    }
}
