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
/// rules, looks up what each chunk meets among registered workers (<see cref="RegisteredWorkerLookup"/>)
/// and writes the chunk (<see cref="WorkerImportChunkWriter"/>), then the Completed status and one
/// audit entry, all in one transaction. The three overlap: while the database writes one chunk,
/// it looks up the next on another connection, and C# reads and checks the one after.
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
    /// <summary>
    /// One attempt at an import, on the connection that holds its lock (<see cref="WorkerImportJob"/>
    /// has marked it Running): everything is committed, with the Completed status, or nothing is.
    /// </summary>
    public async Task RunAsync(NpgsqlConnection connection, Guid importId, int attempt, CancellationToken ct)
    {
        LogStarted(logger, importId, attempt);
        var elapsed = Stopwatch.StartNew();
        var (rows, accepted, nikRaces) = await ImportAsync(connection, importId, ct);
        outbox.Notify();
        LogCompleted(logger, importId, rows, accepted, elapsed.Elapsed.TotalSeconds, nikRaces);
    }

    private async Task<(int Rows, int Accepted, int NikRaces)> ImportAsync(NpgsqlConnection connection, Guid importId, CancellationToken ct)
    {
        var validator = new RegistrationValidator(rules.Value, await reference.GetAsync());
        var today = calendar.Today;
        var now = calendar.Now;

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ImportCommand.ExecuteAsync(connection, transaction, WorkerImportSql.PrepareTransaction, ct);
        await using var lookup = new RegisteredWorkerLookup(dataSource);
        var writer = new WorkerImportChunkWriter(connection, transaction, lookup, importId, now);
        await writer.BeginAsync(ct);
        var rows = await ReadAsync(new ChunkPipeline(lookup, writer, ct), importId, validator, today, new AscendingUuidV7(now), ct);

        await ImportCommand.ExecuteAsync(connection, transaction, WorkerImportSql.Complete, ct,
            ("import_id", importId), ("rows_done", rows), ("accepted", writer.Accepted), ("completed_at", calendar.Now));
        await ImportCommand.ExecuteAsync(connection, transaction, WorkerImportSql.AuditImport, ct, ("import_id", importId), ("now", now));
        await transaction.CommitAsync(ct);
        return (rows, writer.Accepted, writer.NikRaces);
    }

    /// <summary>
    /// Reads and checks every row, handing the writer a chunk each time it holds
    /// <see cref="WorkerImportSql.ChunkSize"/> workers; returns how many data rows there were. A NIK
    /// is imported from its first valid row only: a later row with the same NIK is rejected here as
    /// a duplicate of that row.
    /// </summary>
    private async Task<int> ReadAsync(
        ChunkPipeline pipeline, Guid importId, RegistrationValidator validator, DateOnly today, AscendingUuidV7 ids, CancellationToken ct)
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
        var chunk = new ImportChunk();
        var rows = 0;
        try
        {
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
                    chunk.Rejections.Add(new ChunkRejection(csv.RecordNumber, new FieldProblem(
                        "nik", $"Duplicate of row {firstRowOfNik[worker.Nik]}, which has the same NIK; only the first is imported.")));
                }
                else if (outcome.Worker is { } first)
                {
                    chunk.Workers.Add(new ChunkWorker(csv.RecordNumber, ids.Next(), first));
                }
                else
                {
                    chunk.Rejections.AddRange(outcome.Problems.Select(problem => new ChunkRejection(csv.RecordNumber, problem)));
                }

                if (chunk.IsFull)
                {
                    await pipeline.AddAsync(chunk);
                    chunk = new ImportChunk();
                }

                if (++rows % progressEvery == 0)
                {
                    await ReportProgressAsync(importId, rows, ct);
                }
            }

            if (!chunk.IsEmpty)
            {
                await pipeline.AddAsync(chunk);
            }

            await pipeline.CompleteAsync();
        }
        catch
        {
            await pipeline.AbandonAsync();
            throw;
        }

        return rows;
    }

    /// <summary>Its own short transaction on another connection, so readers see progress while the import is uncommitted.</summary>
    private async Task ReportProgressAsync(Guid importId, int rows, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(WorkerImportSql.ReportProgress);
        command.Parameters.AddWithValue("import_id", importId);
        command.Parameters.AddWithValue("rows_done", rows);
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker import {ImportId} started (attempt {Attempt})")]
    private static partial void LogStarted(ILogger logger, Guid importId, int attempt);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Worker import {ImportId} completed: {Rows} rows, {Accepted} accepted, in {Seconds:0.00} s; {NikRaces} chunks were written again after a NIK was registered meanwhile")]
    private static partial void LogCompleted(ILogger logger, Guid importId, int rows, int accepted, double seconds, int nikRaces);
}
