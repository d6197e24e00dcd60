using PijarSemar.Registry.Duplicates;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Writes one chunk while the caller reads the next and looks it up, in file order: the write and
/// the look-up run on two connections, so on two of the database's cores. Reading and looking up
/// take turns rather than overlap: together they are quicker than a write, and the write, the
/// import's longest step, keeps a core of its own instead of sharing two with them.
/// </summary>
internal sealed class ChunkPipeline(RegisteredWorkerLookup lookup, WorkerImportChunkWriter writer, CancellationToken ct)
{
    private Task _writing = Task.CompletedTask;

    /// <summary>Looks the chunk up, then hands it to the writer once the chunk before it is written.</summary>
    public async Task AddAsync(ImportChunk chunk)
    {
        var matches = await lookup.LookUpAsync(chunk.Workers, ct);
        await _writing;
        _writing = writer.WriteAsync(chunk, matches, ct);
    }

    /// <summary>Returns when every chunk is written.</summary>
    public Task CompleteAsync() => _writing;

    /// <summary>
    /// Waits for the write still running, its failure ignored: the import's connection is the
    /// writer's until its chunk is done, and only then may the transaction roll back.
    /// </summary>
    public async Task AbandonAsync() => await Task.WhenAny(_writing);
}
