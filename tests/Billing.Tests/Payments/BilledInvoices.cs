using Npgsql;
using PijarSemar.Contracts;

namespace PijarSemar.Billing.Tests.Payments;

/// <summary>Runs, invoices and lines written straight into the test database, as a billing run leaves them.</summary>
public static class BilledInvoices
{
    public const long Contribution = 16_800;

    /// <summary>An invoice of <paramref name="workers"/> lines for <paramref name="period"/>, with its run when the period has none yet.</summary>
    public static async Task<Guid> IssueAsync(
        string connectionString, Period period, IReadOnlyList<Guid> workers, Guid? fundingSourceId = null, Guid? sponsorId = null, long paid = 0)
    {
        var invoiceId = Guid.CreateVersion7();
        var total = Contribution * workers.Count;
        var status = paid == 0 ? "Issued" : paid == total ? "Paid" : "PartiallyPaid";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO billing_runs (id, period, status, amount, invoice_count, line_count, total, requested_by, requested_at, completed_at)
                    VALUES (gen_random_uuid(), $1, 'Completed', 16800, 0, 0, 0, 'test', now(), now())
                    ON CONFLICT (period) DO NOTHING
                    """) { Parameters = { new() { Value = period.FirstDay } } },
                new("""
                    INSERT INTO invoices (id, run_id, period, funding_source_id, source_type, sponsor_id, line_count, total, paid, status, issued_at)
                    SELECT $1, id, $2, $3, $4, $5, $6, $7, $8, $9, now() FROM billing_runs WHERE period = $2
                    """)
                {
                    Parameters =
                    {
                        new() { Value = invoiceId }, new() { Value = period.FirstDay }, new() { Value = fundingSourceId ?? Guid.CreateVersion7() },
                        new() { Value = sponsorId is null ? "Apbd" : "Asn" }, new() { Value = (object?)sponsorId ?? DBNull.Value, DataTypeName = "uuid" },
                        new() { Value = workers.Count }, new() { Value = total }, new() { Value = paid }, new() { Value = status },
                    },
                },
                new("""
                    INSERT INTO invoice_lines (worker_id, period, invoice_id, allocation_id, amount)
                    SELECT w, $2, $1, gen_random_uuid(), 16800 FROM unnest($3::uuid[]) AS w
                    """) { Parameters = { new() { Value = invoiceId }, new() { Value = period.FirstDay }, new() { Value = workers.ToArray() } } },
            },
        };
        await batch.ExecuteNonQueryAsync();
        return invoiceId;
    }
}
