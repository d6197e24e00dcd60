using System.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PijarSemar.Funding.Reports;

/// <summary>
/// Counts funded workers with a few grouped queries over the allocations whose months meet the
/// fiscal year; an allocation that never took effect (an empty range) meets no month.
/// </summary>
public sealed class CoverageQuery(NpgsqlDataSource dataSource, IOptions<CoverageOptions> options)
{
    private const string Funded = """
        WITH funded AS (
            SELECT DISTINCT a.worker_id, a.funding_source_id
            FROM allocations a
            WHERE a.months && daterange(@year_start, @next_year_start, '[)')
        )
        """;

    private const string TotalSql = Funded + "SELECT count(DISTINCT worker_id)::int FROM funded";

    /// <summary>Every source of the year, those without a funded worker too.</summary>
    private const string BySourceSql = Funded + """
        SELECT f.id, f.code, f.name, f.type, f.quota, count(DISTINCT d.worker_id)::int
        FROM funding_sources f
        LEFT JOIN funded d ON d.funding_source_id = f.id
        WHERE f.fiscal_year = @year OR d.worker_id IS NOT NULL
        GROUP BY f.id, f.code, f.name, f.type, f.quota, f.seq
        ORDER BY f.seq
        """;

    private const string ByOccupationSql = Funded + """
        SELECT w.occupation_code, count(DISTINCT d.worker_id)::int
        FROM funded d
        LEFT JOIN registry_workers w ON w.worker_id = d.worker_id
        GROUP BY w.occupation_code
        ORDER BY 2 DESC, 1
        """;

    private const string ByKecamatanSql = Funded + """
        SELECT w.kecamatan, count(DISTINCT d.worker_id)::int
        FROM funded d
        LEFT JOIN registry_workers w ON w.worker_id = d.worker_id
        GROUP BY w.kecamatan
        ORDER BY 2 DESC, 1
        """;

    public async Task<CoverageReport> RunAsync(int fiscalYear, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        // One snapshot, so the totals and the breakdowns count the same allocations.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var year = new DateOnly(fiscalYear, 1, 1);
        (string, object)[] parameters = [("year", fiscalYear), ("year_start", year), ("next_year_start", year.AddYears(1))];

        var total = (await ReadAsync(connection, transaction, TotalSql, parameters, r => r.GetInt32(0), ct))[0];
        var bySource = await ReadAsync(connection, transaction, BySourceSql, parameters,
            r => new SourceCoverage(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5)), ct);
        var byOccupation = await ReadAsync(connection, transaction, ByOccupationSql, parameters,
            r => new OccupationCoverage(r.IsDBNull(0) ? null : r.GetString(0), r.GetInt32(1)), ct);
        var byKecamatan = await ReadAsync(connection, transaction, ByKecamatanSql, parameters,
            r => new KecamatanCoverage(r.IsDBNull(0) ? null : r.GetString(0), r.GetInt32(1)), ct);
        await transaction.CommitAsync(ct);

        var settings = options.Value;
        return new CoverageReport(
            fiscalYear,
            total,
            settings.Targets.TryGetValue(fiscalYear, out var target) ? Progress.Toward(total, target) : null,
            Progress.Toward(total, settings.InformalWorkforceBaseline),
            bySource,
            byOccupation,
            byKecamatan);
    }

    private static async Task<List<T>> ReadAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, (string Name, object Value)[] parameters,
        Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
