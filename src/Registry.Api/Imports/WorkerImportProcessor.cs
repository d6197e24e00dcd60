using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using PijarSemar.Contracts.Events;
using PijarSemar.Registry.Data;
using PijarSemar.Registry.Domain;
using PijarSemar.ServiceDefaults.Csv;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Runs one stored import: streams the file, checks each row in C# with the single-registration
/// rules, copies the results into a staging table, then inserts the workers, one event per chunk
/// of them, the rejections and one audit entry with a few set-based statements, all in one transaction.
/// </summary>
public sealed partial class WorkerImportProcessor(
    NpgsqlDataSource dataSource,
    ReferenceDataCache reference,
    IOptions<RegistrationRules> rules,
    IOptions<WorkerImportOptions> options,
    SemarangCalendar calendar,
    OutboxSignal outbox,
    ILogger<WorkerImportProcessor> logger)
{
    private static readonly string WorkersImportedType = OutboxMessage.TypeName(typeof(WorkersImported));

    /// <summary>
    /// One attempt at an import, on the connection that holds its lock (<see cref="WorkerImportJob"/>
    /// has marked it Running): everything is committed, with the Completed status, or nothing is.
    /// </summary>
    public async Task RunAsync(NpgsqlConnection connection, Guid importId, int attempt, CancellationToken ct)
    {
        LogStarted(logger, importId, attempt);
        var elapsed = Stopwatch.StartNew();
        var (rows, accepted, staging) = await ImportAsync(connection, importId, ct);
        outbox.Notify();
        LogCompleted(logger, importId, rows, accepted, elapsed.Elapsed.TotalSeconds, staging.TotalSeconds);
    }

    private async Task<(int Rows, int Accepted, TimeSpan Staging)> ImportAsync(NpgsqlConnection connection, Guid importId, CancellationToken ct)
    {
        var validator = new RegistrationValidator(rules.Value, await reference.GetAsync());
        var today = calendar.Today;
        var now = calendar.Now;

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, WorkerImportSql.PrepareTransaction, ct);
        await ExecuteAsync(connection, transaction, WorkerImportSql.CreateStaging, ct);

        var staging = Stopwatch.StartNew();
        (int Rows, int Workers) staged;
        await using (var copy = await connection.BeginBinaryImportAsync(WorkerImportSql.CopyStaging, ct))
        {
            staged = await StageAsync(copy, importId, validator, today, new AscendingUuidV7(now), ct);
            await copy.CompleteAsync(ct);
        }

        staging.Stop();
        var rows = staged.Rows;
        await ExecuteAsync(connection, transaction, WorkerImportSql.RejectInvalidRows, ct, ("import_id", importId));
        var accepted = (int)(await ScalarAsync(connection, transaction, WorkerImportSql.InsertWorkers, ct,
            ("import_id", importId), ("now", now), ("message_type", WorkersImportedType), ("batch_size", WorkerImportSql.EventBatchSize),
            ("traceparent", (object?)OutboxMessage.CurrentTraceParent() ?? DBNull.Value)))!;

        // Only rows whose NIK was registered already, or meanwhile, were skipped: none when every staged worker went in.
        if (accepted < staged.Workers)
        {
            await ExecuteAsync(connection, transaction, WorkerImportSql.AnalyzeStaging, ct);
            await ExecuteAsync(connection, transaction, WorkerImportSql.RejectRegisteredRows, ct, ("import_id", importId));
        }

        await Duplicates.PossibleDuplicateFlagging.FlagStagedImportAsync(connection, transaction, now, ct);
        await ExecuteAsync(connection, transaction, WorkerImportSql.Complete, ct,
            ("import_id", importId), ("rows_done", rows), ("accepted", accepted), ("completed_at", calendar.Now));
        await ExecuteAsync(connection, transaction, WorkerImportSql.AuditImport, ct, ("import_id", importId), ("now", now));
        await transaction.CommitAsync(ct);
        return (rows, accepted, staging.Elapsed);
    }

    /// <summary>
    /// Reads, checks and copies every row; returns how many data rows there were and how many
    /// workers were staged. A NIK is staged from its first valid row only: a later row with the
    /// same NIK is rejected here as a duplicate of that row.
    /// </summary>
    private async Task<(int Rows, int Workers)> StageAsync(
        NpgsqlBinaryImporter copy, Guid importId, RegistrationValidator validator, DateOnly today, AscendingUuidV7 ids, CancellationToken ct)
    {
        await using var file = await StoredFile.OpenAsync(dataSource, importId, ct);
        using var text = new StreamReader(file, WorkerImportIntake.StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: true);
        var csv = await CsvReader.OpenAsync(text, ct);
        var header = await csv.ReadAsync(ct) ? ImportHeader.Parse(csv.Fields).Header : null;
        if (header is null)
        {
            throw new InvalidOperationException($"The stored file of import {importId} has no valid header, although it was checked on upload.");
        }

        var rowValidator = new ImportRowValidator(validator, header, today);
        var progressEvery = options.Value.ProgressEveryRows;
        var firstRowOfNik = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = 0;
        while (await csv.ReadAsync(ct))
        {
            if (csv.IsBlank)
            {
                continue;
            }

            // A rejected-rows download uploaded again: its values come back without the formula guard.
            var outcome = rowValidator.Validate(CsvFormulas.Restore(csv.Fields), csv.QuoteLeftOpen);
            if (outcome.Worker is { } worker && !firstRowOfNik.TryAdd(worker.Nik, csv.RecordNumber))
            {
                await WriteProblemAsync(copy, csv.RecordNumber, new FieldProblem(
                    "nik", $"Duplicate of row {firstRowOfNik[worker.Nik]}, which has the same NIK; only the first is imported."), ct);
            }
            else if (outcome.Worker is { } first)
            {
                await WriteWorkerAsync(copy, csv.RecordNumber, ids.Next(), first, ct);
            }
            else
            {
                foreach (var problem in outcome.Problems)
                {
                    await WriteProblemAsync(copy, csv.RecordNumber, problem, ct);
                }
            }

            if (++rows % progressEvery == 0)
            {
                await ReportProgressAsync(importId, rows, ct);
            }
        }

        return (rows, firstRowOfNik.Count);
    }

    private static async Task WriteWorkerAsync(NpgsqlBinaryImporter copy, int rowNo, Guid id, NewWorker worker, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(rowNo, NpgsqlDbType.Integer, ct);
        await copy.WriteNullAsync(ct);
        await copy.WriteNullAsync(ct);
        await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(worker.Nik, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(worker.FullName, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(worker.BirthDate, NpgsqlDbType.Date, ct);
        await copy.WriteAsync(worker.Sex == Sex.Female ? nameof(Sex.Female) : nameof(Sex.Male), NpgsqlDbType.Text, ct);
        await WriteTextOrNullAsync(copy, worker.Phone, ct);
        await WriteTextOrNullAsync(copy, worker.Address, ct);
        await copy.WriteAsync(worker.Kecamatan, NpgsqlDbType.Text, ct);
        await WriteTextOrNullAsync(copy, worker.Kelurahan, ct);
        await WriteTextOrNullAsync(copy, worker.OccupationCode, ct);
        await copy.WriteAsync(worker.P3keListed, NpgsqlDbType.Boolean, ct);
        await WriteTextOrNullAsync(copy, worker.DomicileReason, ct);
        await WriteTextOrNullAsync(copy, worker.OccupationText, ct);
        await copy.WriteAsync(worker.NikNeedsReview, NpgsqlDbType.Boolean, ct);
    }

    private static async Task WriteProblemAsync(NpgsqlBinaryImporter copy, int rowNo, FieldProblem problem, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(rowNo, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(problem.Field, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(problem.Reason, NpgsqlDbType.Text, ct);
        for (var column = 0; column < 14; column++)
        {
            await copy.WriteNullAsync(ct);
        }
    }

    private static Task WriteTextOrNullAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);

    /// <summary>Its own short transaction on another connection, so readers see progress while the import is uncommitted.</summary>
    private async Task ReportProgressAsync(Guid importId, int rows, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(WorkerImportSql.ReportProgress);
        command.Parameters.AddWithValue("import_id", importId);
        command.Parameters.AddWithValue("rows_done", rows);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker import {ImportId} started (attempt {Attempt})")]
    private static partial void LogStarted(ILogger logger, Guid importId, int attempt);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Worker import {ImportId} completed: {Rows} rows, {Accepted} accepted, in {Seconds:0.00} s, of which {StagingSeconds:0.00} s reading, checking and staging rows")]
    private static partial void LogCompleted(ILogger logger, Guid importId, int rows, int accepted, double seconds, double stagingSeconds);
}
