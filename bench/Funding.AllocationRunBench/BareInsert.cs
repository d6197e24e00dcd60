using System.Diagnostics;
using Npgsql;

namespace PijarSemar.Funding.AllocationRunBench;

/// <summary>
/// The floor: the same verified workers inserted with one plain <c>INSERT … SELECT</c> into a fresh
/// table made <c>LIKE allocations INCLUDING ALL</c> (its checks, generated months, indexes and the
/// exclusion constraint), with no ranking, capacity, events or audit.
/// </summary>
internal static class BareInsert
{
    public static async Task<TimeSpan> TimeAsync(NpgsqlDataSource dataSource, int year)
    {
        await SeedData.ExecuteAsync(dataSource, "DROP TABLE IF EXISTS bare_allocations; CREATE TABLE bare_allocations (LIKE allocations INCLUDING ALL)");
        await using var command = dataSource.CreateCommand("""
            INSERT INTO bare_allocations (id, worker_id, funding_source_id, source_type, start_month, end_month, status, version, created_at, created_by)
            SELECT gen_random_uuid(), w.worker_id, s.id, 'Apbd', make_date(@year, 1, 1), make_date(@year, 12, 1), 'Active', 1, now(), 'allocation-run-bench'
            FROM registry_workers w
            CROSS JOIN (SELECT id FROM funding_sources WHERE fiscal_year = @year ORDER BY id LIMIT 1) AS s
            WHERE w.registry_status = 'Verified'
            """);
        command.Parameters.AddWithValue("year", year);
        command.CommandTimeout = 0;
        var elapsed = Stopwatch.StartNew();
        await command.ExecuteNonQueryAsync();
        return elapsed.Elapsed;
    }
}
