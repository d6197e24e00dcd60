using System.Globalization;
using Npgsql;
using PijarSemar.Billing.Tariffs;
using PijarSemar.Contracts;
using PijarSemar.Contracts.Events;
using PijarSemar.ServiceDefaults.Jobs;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Billing.Runs;

/// <summary>
/// Billing runs as background job items: the runner takes each under its advisory lock (so a
/// second replica never runs it too), counts its attempts and resumes one a stopped instance left.
/// An attempt bills the whole period in ONE transaction — invoices, lines, one event per invoice,
/// the run Completed — so a crash half-way commits nothing and the next attempt does it all again.
/// </summary>
public sealed partial class BillingRunJob(NpgsqlDataSource dataSource, TimeProvider clock, OutboxSignal outbox, ILogger<BillingRunJob> logger)
    : IBackgroundJob
{
    public const string Name = "billing-runs";

    private static readonly string IssuedType = OutboxMessage.TypeName(typeof(ContributionInvoiceIssued));

    public async Task<IReadOnlyList<string>> FindPendingAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(BillingRunSql.Pending);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keys = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            keys.Add(KeyOf(reader.GetGuid(0)));
        }

        return keys;
    }

    public async Task<int?> StartAttemptAsync(NpgsqlConnection connection, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(BillingRunSql.Claim, connection);
        command.Parameters.AddWithValue("id", Guid.Parse(key));
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        return await command.ExecuteScalarAsync(ct) is int attempt ? attempt : null;
    }

    public async Task RunAsync(JobAttempt attempt, CancellationToken ct)
    {
        var runId = Guid.Parse(attempt.Key);
        var connection = attempt.Connection;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, TariffLock.Shared, ct);
        if (await ScalarAsync(connection, BillingRunSql.LockRun, ct, ("id", runId)) is not DateOnly month)
        {
            return;
        }

        var period = Period.FromDate(month);
        var tariff = await TariffInForceAsync(connection, period, ct)
            ?? throw new InvalidOperationException($"No tariff is in force for {period}.");
        var amount = tariff.MonthlyContribution;
        var now = clock.GetUtcNow();
        (string, object)[] run = [("run_id", runId), ("period", month), ("amount", amount), ("now", now)];

        await ExecuteAsync(connection, BillingRunSql.SelectBilled, ct, ("period", month));
        var invoices = await ExecuteAsync(connection, BillingRunSql.InsertInvoices, ct, run);
        var lines = await ExecuteAsync(connection, BillingRunSql.InsertLines, ct, run);
        await ExecuteAsync(connection, BillingRunSql.InsertEvents, ct, [.. run, ("message_type", IssuedType)]);
        await ExecuteAsync(connection, BillingRunSql.Complete, ct, [.. run, ("tariff_from", Period.Parse(tariff.EffectiveFrom).FirstDay)]);
        await transaction.CommitAsync(ct);

        outbox.Notify();
        LogCompleted(logger, runId, period, invoices, lines, amount, attempt.Number);
    }

    /// <summary>The reason shown to finance names no database error: it stays in the service log.</summary>
    public async Task FailAsync(string key, JobFailure failure, CancellationToken ct)
    {
        var reason = failure.LastError is InvalidOperationException { Message: var message }
            ? $"Failed {failure.Attempts} times: {message}"
            : failure.LastError is null
                ? $"Stopped after {failure.Attempts} attempts; see the service log for billing run {key}."
                : $"Failed {failure.Attempts} times; see the service log for billing run {key}.";
        await using var command = dataSource.CreateCommand(BillingRunSql.Fail);
        command.Parameters.AddWithValue("id", Guid.Parse(key));
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The text PostgreSQL writes for the uuid, so the lock key is the same on every replica.</summary>
    public static string KeyOf(Guid runId) => runId.ToString("D", CultureInfo.InvariantCulture);

    private static async Task<Tariff?> TariffInForceAsync(NpgsqlConnection connection, Period period, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(BillingRunSql.TariffInForce, connection);
        command.Parameters.AddWithValue("period", period.ToString());
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? Tariff.From(Period.Parse(reader.GetString(0)), reader.GetInt64(1), reader.GetDecimal(2), reader.GetInt64(3))
            : null;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        // A run over hundreds of thousands of workers may take longer than the default 30 s on a busy server.
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Billing run {RunId} for {Period} completed on attempt {Attempt}: {Invoices} invoices, {Lines} lines at {Amount} rupiah")]
    private static partial void LogCompleted(ILogger logger, Guid runId, Period period, int invoices, int lines, long amount, int attempt);
}
