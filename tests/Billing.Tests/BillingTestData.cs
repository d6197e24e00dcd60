using System.Net.Http.Json;
using Npgsql;
using PijarSemar.Billing.Runs;
using PijarSemar.Contracts;
using PijarSemar.TestSupport;

namespace PijarSemar.Billing.Tests;

/// <summary>Allocations written straight into the read model, as the Funding consumers would leave them, and runs waited for.</summary>
public static class BillingTestData
{
    /// <summary>
    /// <paramref name="workers"/> new workers funded by <paramref name="sourceId"/> (and
    /// <paramref name="sponsorId"/>) from <paramref name="start"/> to <paramref name="end"/>; their ids.
    /// </summary>
    public static async Task<List<Guid>> FundAsync(
        this BillingFixture billing, int workers, Guid sourceId, string sourceType, Guid? sponsorId, Period start, Period end)
    {
        var ids = Enumerable.Range(0, workers).Select(_ => Guid.NewGuid()).ToList();
        await using var connection = new NpgsqlConnection(billing.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO funded_allocations (allocation_id, worker_id, funding_source_id, source_type, sponsor_id, start_month, end_month, version, updated_at)
            SELECT gen_random_uuid(), w, @source, @type, @sponsor, @start, @end, 1, now()
            FROM unnest(@workers) AS w
            """, connection);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("type", sourceType);
        command.Parameters.AddWithValue("sponsor", (object?)sponsorId ?? DBNull.Value);
        command.Parameters.AddWithValue("start", start.FirstDay);
        command.Parameters.AddWithValue("end", end.FirstDay);
        command.Parameters.AddWithValue("workers", ids.ToArray());
        await command.ExecuteNonQueryAsync();
        return ids;
    }

    public static Task<List<Guid>> FundAsync(this BillingFixture billing, int workers, Guid sourceId, string sourceType, Guid? sponsorId, Period month) =>
        billing.FundAsync(workers, sourceId, sourceType, sponsorId, month, month);

    public static async Task<BillingRunResponse> CompletedRunAsync(this HttpClient client, Guid runId) =>
        await Eventually.ReturnsAsync(
            async () => await client.GetFromJsonAsync<BillingRunResponse>($"/api/v1/billing-runs/{runId}") is { Status: "Completed" } run ? run : null,
            TimeSpan.FromSeconds(30),
            $"billing run {runId} to complete");

    public static async Task ExecuteAsync(this BillingFixture billing, string sql)
    {
        await using var connection = new NpgsqlConnection(billing.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Lines of the period that break "one per worker", and invoices whose count or total differ from their lines: both should be zero.</summary>
    public static async Task<(long DoubledWorkers, long InvoicesNotMatchingLines)> ConsistencyAsync(this BillingFixture billing, Period period) =>
        (await billing.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT worker_id FROM invoice_lines WHERE period = @p GROUP BY worker_id HAVING count(*) > 1) d",
            ("p", period.FirstDay)),
         await billing.ScalarAsync<long>("""
            SELECT count(*) FROM invoices i
            LEFT JOIN (SELECT invoice_id, count(*) AS n, sum(amount) AS s FROM invoice_lines GROUP BY invoice_id) l ON l.invoice_id = i.id
            WHERE i.period = @p AND (l.n IS DISTINCT FROM i.line_count OR l.s IS DISTINCT FROM i.total)
            """, ("p", period.FirstDay)));
}
