using System.Globalization;
using Npgsql;
using PijarSemar.Contracts;

namespace PijarSemar.Funding.Tests.Sponsors;

/// <summary>
/// Valid sponsor identifiers, and the funding sources, allocations, workers and tariffs these
/// tests need, written straight into the test's database as the schema (0003_funding.sql) has them.
/// </summary>
internal static class SponsorSeed
{
    private static int _counter = Random.Shared.Next(0, 3_000);

    /// <summary>A NIP that passes every rule: born on a different day from 1975 on, appointed in January 2010.</summary>
    public static string NextNip()
    {
        var n = Interlocked.Increment(ref _counter);
        var born = new DateOnly(1975, 1, 1).AddDays(n % 5_000);
        return string.Create(CultureInfo.InvariantCulture, $"{born:yyyyMMdd}201001{1 + (n % 2)}{1 + (n % 999):000}");
    }

    public static string NextNib() => string.Create(CultureInfo.InvariantCulture, $"91{Interlocked.Increment(ref _counter):00000000000}");

    public static async Task<Guid> SponsorAsync(string connectionString, string type, string identifier, string name, string? unit)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(connectionString,
            "INSERT INTO sponsors (id, type, identifier, name, unit, created_at, created_by, updated_at) VALUES (@id, @type, @identifier, @name, @unit, now(), 'test', now())",
            ("id", id), ("type", type), ("identifier", identifier), ("name", name), ("unit", (object?)unit ?? DBNull.Value));
        return id;
    }

    public static async Task<Guid> SourceAsync(string connectionString, string type, int fiscalYear, int quota = 1_000, string? code = null)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(connectionString,
            """
            INSERT INTO funding_sources (id, code, name, type, fiscal_year, quota, budget, created_at, created_by)
            VALUES (@id, @code, @name, @type, @year, @quota, 1000000000, now(), 'test')
            """,
            ("id", id), ("code", code ?? $"{type.ToUpperInvariant()}-{id.ToString("N")[..8].ToUpperInvariant()}"),
            ("name", $"{type} {fiscalYear}"), ("type", type), ("year", fiscalYear), ("quota", quota));
        return id;
    }

    /// <summary>An allocation funding <paramref name="workerId"/> from <paramref name="start"/> to <paramref name="end"/> inclusive.</summary>
    public static async Task<Guid> AllocationAsync(
        string connectionString, Guid workerId, Guid sourceId, string sourceType, Guid? sponsorId, Period start, Period end, string status = "Active")
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(connectionString,
            """
            INSERT INTO allocations (id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month, status, created_at, created_by)
            VALUES (@id, @worker, @source, @type, @sponsor, @start, @end, @status, now(), 'test')
            """,
            ("id", id), ("worker", workerId), ("source", sourceId), ("type", sourceType), ("sponsor", (object?)sponsorId ?? DBNull.Value),
            ("start", start.FirstDay), ("end", end.FirstDay), ("status", status));
        return id;
    }

    public static async Task<Guid> WorkerAsync(string connectionString, string occupationCode, string kecamatan)
    {
        var id = Guid.NewGuid();
        await ExecuteAsync(connectionString,
            """
            INSERT INTO registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version)
            VALUES (@id, 'Verified', @occupation, @kecamatan, false, now(), 2)
            """,
            ("id", id), ("occupation", occupationCode), ("kecamatan", kecamatan));
        return id;
    }

    public static Task TariffAsync(string connectionString, Period from, long monthlyContribution) =>
        ExecuteAsync(connectionString,
            "INSERT INTO tariffs (effective_from, monthly_contribution, fetched_at) VALUES (@from, @amount, now()) ON CONFLICT (effective_from) DO UPDATE SET monthly_contribution = excluded.monthly_contribution",
            ("from", from.FirstDay), ("amount", monthlyContribution));

    public static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
