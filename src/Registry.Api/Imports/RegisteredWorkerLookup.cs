using Npgsql;
using PijarSemar.Registry.Duplicates;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Looks up, for each chunk of an import, the registered workers its rows meet (a possible
/// duplicate, a NIK taken), on a connection of its own beside the import's transaction: the
/// database answers for the next chunk on one core while it writes the previous one on the other.
/// What it cannot see, the import's own uncommitted rows, <see cref="ListedNames"/> covers. It sees
/// every registered worker the rule needs: the import holds every name lock from its start, so no
/// registration commits a name while it runs.
/// </summary>
internal sealed class RegisteredWorkerLookup(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private NpgsqlConnection? _connection;

    /// <summary>One answer per worker, in the chunk's order; the writer may ask again while the next chunk is being looked up.</summary>
    public async Task<RegisteredMatches[]> LookUpAsync(IReadOnlyList<ChunkWorker> workers, CancellationToken ct)
    {
        if (workers.Count == 0)
        {
            return [];
        }

        await _turn.WaitAsync(ct);
        try
        {
            _connection ??= await OpenAsync(ct);
            return await PossibleDuplicateFlagging.LookUpAsync(
                _connection,
                [.. workers.Select(w => w.Worker.Nik)],
                [.. workers.Select(w => w.Worker.FullName)],
                [.. workers.Select(w => w.Worker.BirthDate)],
                [.. workers.Select(w => w.Worker.Kelurahan)],
                ct);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Without JIT: the planner's estimate for a chunk's look-up is past <c>jit_above_cost</c>, and
    /// compiling it cost each chunk more than it saved (1.5 s of the look-ups' 12 s in 250,000 rows).
    /// The pool resets the setting when the connection goes back to it.
    /// </summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await ImportCommand.ExecuteAsync(connection, null, "SET jit = off", ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _turn.Dispose();
    }
}
