using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using PijarSemar.Contracts.Events;
using PijarSemar.Registry.Domain;
using PijarSemar.Registry.Duplicates;
using PijarSemar.ServiceDefaults.Messaging;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Writes an import's chunks in its transaction, each row once, by COPY: the chunk's workers
/// straight into <c>workers</c> with their possible-duplicate flag already set (what the database
/// found among registered workers, with <see cref="ListedNames"/> for the import's earlier rows),
/// then their flag rows, one <c>WorkersImported</c> event and the chunk's rejections. A row whose
/// NIK is registered already is rejected before the COPY.
/// </summary>
internal sealed class WorkerImportChunkWriter(
    NpgsqlConnection connection, NpgsqlTransaction transaction, RegisteredWorkerLookup lookup, Guid importId, DateTimeOffset now)
{
    private const string Savepoint = "import_chunk";

    /// <summary>
    /// How many times one chunk is looked up and written again after its COPY met a NIK registered
    /// in between (a correction, or an insert that took no name lock); then the attempt fails and
    /// is retried later, from the start.
    /// </summary>
    private const int MaxNikRaces = 3;

    private static readonly string WorkersImportedType = OutboxMessage.TypeName(typeof(WorkersImported));
    private readonly object _traceParent = (object?)OutboxMessage.CurrentTraceParent() ?? DBNull.Value;
    private readonly ListedNames _names = new();

    /// <summary>Workers inserted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Chunks written again because a NIK was registered between their look-up and their COPY.</summary>
    public int NikRaces { get; private set; }

    /// <summary>
    /// Every name lock, in bucket order, before the first look-up: no registration commits a name
    /// while the import runs, so the look-ups, on another connection, miss no registered worker. A
    /// chunk's names take almost every bucket anyway, and taking them all first means the import
    /// never waits for a lock while it holds uncommitted rows a registration may wait on.
    /// </summary>
    public Task BeginAsync(CancellationToken ct) => PossibleDuplicateFinder.LockForImportAsync(connection, transaction, ct);

    /// <param name="matches">What <see cref="RegisteredWorkerLookup"/> found for the chunk's workers.</param>
    public async Task WriteAsync(ImportChunk chunk, RegisteredMatches[] matches, CancellationToken ct)
    {
        for (var race = 0; ; race++)
        {
            var (workers, rejections) = Split(chunk, matches);
            var resolution = _names.Resolve([.. workers.Select(w => (w.Row.Id, w.Row.Worker.BirthDate, w.Matches))]);
            // Serialised on another core while the database copies the workers, which takes longer.
            var payloads = Task.Run(() => EventPayloads(workers), ct);
            if (workers.Count > 0)
            {
                await transaction.SaveAsync(Savepoint, ct);
                try
                {
                    await CopyWorkersAsync(workers, resolution.Found, ct);
                }
                catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: WorkerImportSql.NikIndex }
                                                  && race < MaxNikRaces)
                {
                    // Committed by now (a COPY waits for an uncommitted holder), so the next look-up sees it.
                    await transaction.RollbackAsync(Savepoint, ct);
                    await payloads;
                    matches = await lookup.LookUpAsync(chunk.Workers, ct);
                    NikRaces++;
                    continue;
                }

                await transaction.ReleaseAsync(Savepoint, ct);
            }

            _names.Keep(resolution);
            await CopyRejectionsAsync(rejections, ct);
            await InsertFlagsAndEventsAsync(workers, resolution.Found, await payloads, ct);
            Accepted += workers.Count;
            return;
        }
    }

    /// <summary>The chunk's workers to insert, and its rejections: those found in C#, and each NIK registered already.</summary>
    private static (List<(ChunkWorker Row, RegisteredMatches Matches)> Workers, List<ChunkRejection> Rejections) Split(
        ImportChunk chunk, RegisteredMatches[] matches)
    {
        var workers = new List<(ChunkWorker, RegisteredMatches)>(chunk.Workers.Count);
        var rejections = new List<ChunkRejection>(chunk.Rejections);
        for (var i = 0; i < chunk.Workers.Count; i++)
        {
            if (matches[i].NikOwner is { } owner)
            {
                rejections.Add(new ChunkRejection(chunk.Workers[i].Row, new FieldProblem("nik", $"Already registered as worker {owner}.")));
            }
            else
            {
                workers.Add((chunk.Workers[i], matches[i]));
            }
        }

        return (workers, rejections);
    }

    private async Task CopyWorkersAsync(List<(ChunkWorker Row, RegisteredMatches Matches)> workers, List<FoundDuplicate> found, CancellationToken ct)
    {
        var flags = new Guid?[workers.Count];
        foreach (var duplicate in found)
        {
            flags[duplicate.Index] = duplicate.DuplicateOf;
        }

        await using var copy = await connection.BeginBinaryImportAsync(WorkerImportSql.CopyWorkers, ct);
        for (var i = 0; i < workers.Count; i++)
        {
            var (row, id, worker) = workers[i].Row;
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
            await (flags[i] is { } flag ? copy.WriteAsync(flag, NpgsqlDbType.Uuid, ct) : copy.WriteNullAsync(ct));
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

    /// <summary>
    /// The chunk's <c>WorkersImported</c> payloads, one per <see cref="WorkerImportSql.EventBatchSize"/>
    /// workers: what the outbox writes for any event, System.Text.Json with the web defaults.
    /// </summary>
    private string[] EventPayloads(List<(ChunkWorker Row, RegisteredMatches Matches)> workers) =>
        [.. workers.Chunk(WorkerImportSql.EventBatchSize).Select(batch => JsonSerializer.Serialize(
            new WorkersImported(importId, [.. batch.Select(w =>
                new ImportedWorker(w.Row.Id, w.Row.Worker.OccupationCode ?? "", w.Row.Worker.Kecamatan, w.Row.Worker.P3keListed, now, 1))]),
            JsonSerializerOptions.Web))];

    /// <summary>The chunk's flag rows and its events, in one round trip.</summary>
    private async Task InsertFlagsAndEventsAsync(
        List<(ChunkWorker Row, RegisteredMatches Matches)> workers, List<FoundDuplicate> found, string[] payloads, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        if (found.Count > 0)
        {
            batch.BatchCommands.Add(ImportCommand.Batched(WorkerImportSql.InsertPossibleDuplicates,
                ("worker_ids", found.Select(f => workers[f.Index].Row.Id).ToArray()),
                ("duplicate_of", found.Select(f => f.DuplicateOf).ToArray()),
                ("matches", found.Select(f => f.Match.ToString()).ToArray()),
                ("now", now)));
        }

        foreach (var payload in payloads)
        {
            batch.BatchCommands.Add(ImportCommand.Batched(WorkerImportSql.InsertEvent,
                ("id", Guid.CreateVersion7(now)), ("message_type", WorkersImportedType), ("payload", payload), ("now", now), ("traceparent", _traceParent)));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The columns from <c>id</c> to <c>p3ke_listed</c>, in the order the COPY lists them.</summary>
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
