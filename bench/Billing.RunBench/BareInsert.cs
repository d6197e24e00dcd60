using System.Diagnostics;
using Npgsql;

namespace PijarSemar.Billing.RunBench;

/// <summary>
/// The floor: the same lines copied by one bare <c>INSERT … SELECT</c> into a table shaped like
/// invoice_lines (its columns, primary key and index; no foreign key), in a transaction of its own.
/// </summary>
internal static class BareInsert
{
    public static async Task PrepareAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("CREATE TABLE bare_lines (LIKE invoice_lines INCLUDING ALL)");
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<TimeSpan> TimeAsync(NpgsqlDataSource dataSource, DateOnly month)
    {
        await using (var truncate = dataSource.CreateCommand("TRUNCATE bare_lines"))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        await using var command = dataSource.CreateCommand("""
            INSERT INTO bare_lines (worker_id, period, invoice_id, allocation_id, amount)
            SELECT worker_id, period, invoice_id, allocation_id, amount FROM invoice_lines WHERE period = @month
            """);
        command.Parameters.AddWithValue("month", month);
        command.CommandTimeout = 0;
        var watch = Stopwatch.StartNew();
        await command.ExecuteNonQueryAsync();
        return watch.Elapsed;
    }
}
