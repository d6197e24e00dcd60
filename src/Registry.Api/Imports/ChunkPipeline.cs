using PijarSemar.Registry.Duplicates;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Keeps one chunk being looked up and the one before it being written, in file order, while the
/// caller reads the next: the look-up and the write run on two connections, so on two of the
/// database's cores.
/// </summary>
internal sealed class ChunkPipeline(RegisteredWorkerLookup lookup, WorkerImportChunkWriter writer, CancellationToken ct)
{
    private (ImportChunk Chunk, Task<RegisteredMatches[]> Matches)? _lookingUp;
    private Task _writing = Task.CompletedTask;

    /// <summary>Starts looking the chunk up, once the one before it is looked up and handed to the writer.</summary>
    public async Task AddAsync(ImportChunk chunk)
    {
        await HandOverAsync();
        _lookingUp = (chunk, lookup.LookUpAsync(chunk.Workers, ct));
    }

    /// <summary>Writes what is left; returns when every chunk is written.</summary>
    public async Task CompleteAsync()
    {
        await HandOverAsync();
        await _writing;
    }

    /// <summary>
    /// Waits for what is still running, its failures ignored: the import's connection is the
    /// writer's until its chunk is done, and only then may the transaction roll back.
    /// </summary>
    public async Task AbandonAsync()
    {
        await Task.WhenAny(_writing);
        if (_lookingUp is { } pending)
        {
            await Task.WhenAny(pending.Matches);
        }
    }

    private async Task HandOverAsync()
    {
        if (_lookingUp is not { } looked)
        {
            return;
        }

        _lookingUp = null;
        var matches = await looked.Matches;
        await _writing;
        _writing = writer.WriteAsync(looked.Chunk, matches, ct);
    }
}
