using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace PijarSemar.ServiceDefaults.Data;

/// <summary>
/// One versioned SQL script. <see cref="Version"/> is what <c>schema_migrations</c> records:
/// ServiceDefaults' scripts live in the <c>defaults/</c> version space, so a service's
/// <c>0001_x</c> and ServiceDefaults' <c>0001_y</c> never collide.
/// </summary>
public sealed record SqlMigration
{
    /// <summary>The first line that makes a script run outside a transaction (for <c>CREATE INDEX CONCURRENTLY</c>).</summary>
    public const string NoTransactionMarker = "-- migration: no-transaction";

    /// <summary>The version space of the migrations embedded in ServiceDefaults.</summary>
    public const string DefaultsSpace = "defaults/";

    private const string ResourcePrefix = "Migrations/";

    public SqlMigration(string version, string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(sql);
        Version = version;
        Sql = sql;
        Checksum = Hash(Normalize(sql));
        LegacyChecksum = Hash(sql);
        RunsInTransaction = !sql.TrimStart().StartsWith(NoTransactionMarker, StringComparison.OrdinalIgnoreCase);
    }

    public string Version { get; }

    public string Sql { get; }

    /// <summary>Of the text with LF line endings and no trailing newlines, so a checkout with CRLF matches.</summary>
    public string Checksum { get; }

    /// <summary>Of the text as it is, which is what was recorded before line endings were ignored.</summary>
    internal string LegacyChecksum { get; }

    /// <summary>
    /// False for a script marked <see cref="NoTransactionMarker"/>: its statements run one by one,
    /// and it is recorded only after the last succeeded, so each must be safe to run again
    /// (<c>IF NOT EXISTS</c>; drop an index a failed <c>CONCURRENTLY</c> left invalid).
    /// </summary>
    public bool RunsInTransaction { get; }

    /// <summary>
    /// The scripts embedded as <c>Migrations/NNNN_name.sql</c>, assembly by assembly in the order
    /// given (ServiceDefaults first, as its tables come before any service's), each in name order.
    /// </summary>
    public static IReadOnlyList<SqlMigration> FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var migrations = new List<SqlMigration>();
        foreach (var assembly in assemblies.Distinct())
        {
            var space = assembly == typeof(SqlMigration).Assembly ? DefaultsSpace : string.Empty;
            var names = assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                migrations.Add(new SqlMigration(space + Path.GetFileNameWithoutExtension(name[ResourcePrefix.Length..]), reader.ReadToEnd()));
            }
        }

        return migrations;
    }

    private static string Normalize(string sql) =>
        sql.ReplaceLineEndings("\n").TrimEnd('\n');

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
