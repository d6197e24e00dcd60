using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using PijarSemar.Contracts.Events;
using PijarSemar.Registry.Domain;
using PijarSemar.Registry.Duplicates;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Writes an import's chunks in its transaction. Each chunk takes the name locks of its workers
/// (those of single registration), finds their possible duplicates before they are written, then
/// copies them straight into <c>workers</c> inside a savepoint, with their flags, one
/// <c>WorkersImported</c> event and the chunk's rejections: each row is written once, by COPY.
/// Only a chunk holding a NIK registered already goes back to the savepoint and through the
/// staging table, whose <c>ON CONFLICT</c> skips and reports that row.
/// </summary>
internal sealed class WorkerImportChunkWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid importId, DateTimeOffset now)
{
    private const string Savepoint = "import_chunk";
    private static readonly string WorkersImportedType = OutboxMessage.TypeName(typeof(WorkersImported));
    private readonly object _traceParent = (object?)OutboxMessage.CurrentTraceParent() ?? DBNull.Value;
    private bool _stagingCreated;

    /// <summary>Workers inserted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Chunks that met a registered NIK and went through the staging table.</summary>
    public int StagedChunks { get; private set; }

    /// <summary>
    /// One import at a time takes name locks: two imports taking theirs chunk after chunk could
    /// otherwise each hold a lock the other waits for. Single registrations take one lock only.
    /// </summary>
    public Task BeginAsync(CancellationToken ct) => PossibleDuplicateFinder.LockForImportAsync(connection, transaction, ct);

    public async Task WriteAsync(ImportChunk chunk, CancellationToken ct)
    {
        await CopyRejectionsAsync(chunk.Rejections, ct);
        var workers = chunk.Workers;
        if (workers.Count == 0)
        {
            return;
        }

        var names = workers.Select(w => w.Worker.FullName).ToArray();
        await PossibleDuplicateFinder.LockNamesAsync(connection, transaction, names, ct);
        var found = await PossibleDuplicateFlagging.FindBeforeInsertAsync(
            connection, transaction, [.. workers.Select(w => w.Id)], names, [.. workers.Select(w => w.Worker.BirthDate)], [.. workers.Select(w => w.Worker.Kelurahan)], ct);
        var flags = new FoundDuplicate?[workers.Count];
        foreach (var duplicate in found)
        {
            flags[duplicate.Index] = duplicate;
        }

        await transaction.SaveAsync(Savepoint, ct);
        try
        {
            await CopyWorkersAsync(workers, flags, ct);
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: WorkerImportSql.NikIndex })
        {
            await transaction.RollbackAsync(Savepoint, ct);
            await StageAsync(workers, ct);
            return;
        }

        await transaction.ReleaseAsync(Savepoint, ct);
        await CopyFlagsAsync(workers, found, ct);
        await InsertEventAsync(workers, ct);
        Accepted += workers.Count;
    }

    private async Task CopyWorkersAsync(List<ChunkWorker> workers, FoundDuplicate?[] flags, CancellationToken ct)
    {
        await using var copy = await connection.BeginBinaryImportAsync(WorkerImportSql.CopyWorkers, ct);
        for (var i = 0; i < workers.Count; i++)
        {
            var (row, id, worker) = workers[i];
            await copy.StartRowAsync(ct);
            await WriteValuesAsync(copy, id, worker, ct);
            await copy.WriteAsync("Registered", NpgsqlDbType.Text, ct);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(importId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
            await WriteTextOrNullAsync(copy, worker.DomicileReason, ct);
            await WriteTextOrNullAsync(copy, worker.OccupationText, ct);
            await copy.WriteAsync(worker.NikNeedsReview, NpgsqlDbType.Boolean, ct);
            await (flags[i] is { } flag ? copy.WriteAsync(flag.DuplicateOf, NpgsqlDbType.Uuid, ct) : copy.WriteNullAsync(ct));
        }

        await copy.CompleteAsync(ct);
    }

    private async Task CopyFlagsAsync(List<ChunkWorker> workers, List<FoundDuplicate> found, CancellationToken ct)
    {
        if (found.Count == 0)
        {
            return;
        }

        await using var copy = await connection.BeginBinaryImportAsync(WorkerImportSql.CopyPossibleDuplicates, ct);
        foreach (var (index, duplicateOf, match) in found)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(workers[index].Id, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(duplicateOf, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(match.ToString(), NpgsqlDbType.Text, ct);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }

        await copy.CompleteAsync(ct);
    }

    private async Task CopyRejectionsAsync(List<ChunkRejection> rejections, CancellationToken ct)
    {
        if (rejections.Count == 0)
        {
            return;
        }

        await using var copy = await connection.BeginBinaryImportAsync(WorkerImportSql.CopyRejections, ct);
        foreach (var (row, problem) in rejections)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(importId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(row, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(problem.Field, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(problem.Reason, NpgsqlDbType.Text, ct);
        }

        await copy.CompleteAsync(ct);
    }

    /// <summary>The payload is what the outbox writes for any event: System.Text.Json with the web defaults.</summary>
    private Task<int> InsertEventAsync(List<ChunkWorker> workers, CancellationToken ct)
    {
        var @event = new WorkersImported(importId, [.. workers.Select(w =>
            new ImportedWorker(w.Id, w.Worker.OccupationCode ?? "", w.Worker.Kecamatan, w.Worker.P3keListed, now, 1))]);
        return ImportCommand.ExecuteAsync(connection, transaction, WorkerImportSql.InsertEvent, ct,
            ("id", Guid.CreateVersion7(now)), ("message_type", WorkersImportedType),
            ("payload", JsonSerializer.Serialize(@event, JsonSerializerOptions.Web)),
            ("now", now), ("traceparent", _traceParent));
    }

    /// <summary>
    /// A chunk holding a NIK registered already, before this import or by a single registration
    /// committed meanwhile: the set-based statements skip and report that row, insert the others
    /// with the chunk's event, and flag them once inserted.
    /// </summary>
    private async Task StageAsync(List<ChunkWorker> workers, CancellationToken ct)
    {
        await ImportCommand.ExecuteAsync(connection, transaction, _stagingCreated ? WorkerImportSql.ClearStaging : WorkerImportSql.CreateStaging, ct);
        _stagingCreated = true;
        await using (var copy = await connection.BeginBinaryImportAsync(WorkerImportSql.CopyStaging, ct))
        {
            foreach (var (row, id, worker) in workers)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row, NpgsqlDbType.Integer, ct);
                await WriteValuesAsync(copy, id, worker, ct);
                await WriteTextOrNullAsync(copy, worker.DomicileReason, ct);
                await WriteTextOrNullAsync(copy, worker.OccupationText, ct);
                await copy.WriteAsync(worker.NikNeedsReview, NpgsqlDbType.Boolean, ct);
            }

            await copy.CompleteAsync(ct);
        }

        var inserted = (int)(await ImportCommand.ScalarAsync(connection, transaction, WorkerImportSql.InsertWorkers, ct,
            ("import_id", importId), ("now", now), ("message_type", WorkersImportedType), ("batch_size", WorkerImportSql.EventBatchSize),
            ("traceparent", _traceParent)))!;
        await ImportCommand.ExecuteAsync(connection, transaction, WorkerImportSql.RejectRegisteredRows, ct, ("import_id", importId));
        await PossibleDuplicateFlagging.FlagStagedImportAsync(connection, transaction, now, ct);
        Accepted += inserted;
        StagedChunks++;
    }

    /// <summary>The columns from <c>id</c> to <c>p3ke_listed</c>, in the order both COPY statements list them.</summary>
    private static async Task WriteValuesAsync(NpgsqlBinaryImporter copy, Guid id, NewWorker worker, CancellationToken ct)
    {
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
    }

    private static Task WriteTextOrNullAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);
}
