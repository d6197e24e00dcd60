using Npgsql;
using NpgsqlTypes;

namespace PijarSemar.Funding.AllocationRunBench;

/// <summary>What a run stands on: the worker read model, a tariff and the year's sources.</summary>
internal static class SeedData
{
    /// <summary>Verified workers, one in ten P3KE-listed, verified over the months before the run.</summary>
    public static async Task WorkersAsync(NpgsqlDataSource dataSource, int count)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY registry_workers (worker_id, registry_status, occupation_code, kecamatan, p3ke_listed, last_changed_at, version) FROM STDIN (FORMAT BINARY)");
        var first = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
            await writer.WriteAsync("Verified", NpgsqlDbType.Text);
            await writer.WriteAsync("nelayan", NpgsqlDbType.Text);
            await writer.WriteAsync("Tugu", NpgsqlDbType.Text);
            await writer.WriteAsync(i % 10 == 0, NpgsqlDbType.Boolean);
            await writer.WriteAsync(first.AddSeconds(i * 37 % 15_000_000), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(2L, NpgsqlDbType.Bigint);
        }

        await writer.CompleteAsync();
    }

    public static Task TariffAsync(NpgsqlDataSource dataSource) =>
        ExecuteAsync(dataSource, "INSERT INTO tariffs (effective_from, monthly_contribution, fetched_at) VALUES ('2025-01-01', 16800, now())");

    /// <summary>A source with <paramref name="quota"/> slots and the budget to pay for all of them for the whole year.</summary>
    public static Task SourceAsync(NpgsqlDataSource dataSource, string code, string type, int year, int quota) => ExecuteAsync(
        dataSource,
        $"""
        INSERT INTO funding_sources (id, code, name, type, fiscal_year, quota, budget, created_at, created_by)
        VALUES (gen_random_uuid(), '{code}', '{code}', '{type}', {year}, {quota}, {quota}::bigint * 12 * 16800, now(), 'allocation-run-bench')
        """);

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
