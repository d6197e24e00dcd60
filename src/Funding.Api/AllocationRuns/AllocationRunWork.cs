using Npgsql;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Funding.AllocationRuns;

/// <summary>A run that cannot be done as asked; its message names no person and is shown to the operator.</summary>
public sealed class AllocationRunRefusedException(string message) : Exception(message);

/// <summary>
/// One attempt at a run, in one transaction on the connection that holds the run's job lock: lock
/// the year's Apbd and Dbhcht sources, then allocate, publish and audit in one set-based statement
/// that also stores the run's counts and Completed status. Either all of it commits or none.
/// </summary>
public sealed class AllocationRunWork(OutboxSignal outbox, TimeProvider clock)
{
    private static readonly string AllocatedType = OutboxMessage.TypeName(typeof(FundingAllocated));

    /// <summary>Runs <paramref name="runId"/> and returns how many workers it allocated.</summary>
    public async Task<int> RunAsync(NpgsqlConnection connection, Guid runId, CancellationToken ct)
    {
        var (year, start, actor) = await WindowAsync(connection, runId, ct);
        var end = new Period(year, 12);

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, AllocationRunSql.PrepareTransaction, ct);
        await ExecuteAsync(connection, AllocationRunSql.LockSources, ct, ("year", year));

        var missing = await MonthsWithoutTariffAsync(connection, start, end, ct);
        if (missing.Count > 0)
        {
            throw new AllocationRunRefusedException(
                $"No contribution tariff is known for {string.Join(", ", missing)}, so the budget cannot be checked; the run is tried again once Billing's tariff is read.");
        }

        await using var run = new NpgsqlCommand(AllocationRunSql.Run, connection);
        run.Parameters.AddWithValue("run_id", runId);
        run.Parameters.AddWithValue("year", year);
        run.Parameters.AddWithValue("start", start.FirstDay);
        run.Parameters.AddWithValue("end", end.FirstDay);
        run.Parameters.AddWithValue("now", clock.GetUtcNow());
        run.Parameters.AddWithValue("actor", actor);
        run.Parameters.AddWithValue("message_type", AllocatedType);
        run.Parameters.AddWithValue("traceparent", (object?)OutboxMessage.CurrentTraceParent() ?? DBNull.Value);
        var allocated = (int)(await run.ExecuteScalarAsync(ct))!;

        await transaction.CommitAsync(ct);
        if (allocated > 0)
        {
            outbox.Notify();
        }

        return allocated;
    }

    private static async Task<(int Year, Period Start, string Actor)> WindowAsync(NpgsqlConnection connection, Guid runId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(AllocationRunSql.Window, connection);
        command.Parameters.AddWithValue("run_id", runId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetInt32(0), Period.FromDate(reader.GetFieldValue<DateOnly>(1)), reader.GetString(2))
            : throw new InvalidOperationException($"Allocation run {runId} does not exist.");
    }

    private static async Task<List<string>> MonthsWithoutTariffAsync(NpgsqlConnection connection, Period start, Period end, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(AllocationRunSql.MonthsWithoutTariff, connection);
        command.Parameters.AddWithValue("start", start.FirstDay);
        command.Parameters.AddWithValue("end", end.FirstDay);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var months = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            months.Add(reader.GetString(0));
        }

        return months;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
