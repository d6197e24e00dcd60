using Npgsql;
using NpgsqlTypes;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Stores an upload as it is read, in pieces of <see cref="ChunkSize"/> bytes, each in a short
/// statement of its own, so a slow upload holds no transaction (and no locks, no snapshot that
/// keeps VACUUM waiting) while the client sends. The import row is written last, once the whole
/// file has passed its checks; until then the pieces belong to no import and nothing reads them.
/// A refused upload deletes its pieces; an abandoned one (the instance stopped) is swept later by
/// <see cref="WorkerImportRetention"/>. One that fits in a single piece never touches the database
/// before it has been checked.
/// </summary>
internal sealed class UploadedFileWriter(NpgsqlDataSource dataSource, Guid importId) : IAsyncDisposable
{
    public const int ChunkSize = 1024 * 1024;

    private readonly byte[] _chunk = new byte[ChunkSize];
    private int _filled;
    private int _chunkNo;
    private bool _committed;

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        while (!bytes.IsEmpty)
        {
            var taken = Math.Min(bytes.Length, ChunkSize - _filled);
            bytes.Span[..taken].CopyTo(_chunk.AsSpan(_filled));
            _filled += taken;
            bytes = bytes[taken..];
            if (_filled == ChunkSize)
            {
                await FlushAsync(ct);
            }
        }
    }

    /// <summary>Writes the last piece, then the import row that makes the pieces an import.</summary>
    public async Task CommitAsync(StoredUpload upload, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO worker_imports (id, status, uploaded_by, created_at, size_bytes, total_rows, next_attempt_at)
            VALUES (@id, 'Queued', @uploaded_by, @created_at, @size_bytes, @total_rows, @created_at)
            """);
        command.Parameters.AddWithValue("id", importId);
        command.Parameters.AddWithValue("uploaded_by", upload.UploadedBy);
        command.Parameters.AddWithValue("created_at", upload.CreatedAt);
        command.Parameters.AddWithValue("size_bytes", upload.SizeBytes);
        command.Parameters.AddWithValue("total_rows", upload.TotalRows);
        await command.ExecuteNonQueryAsync(ct);
        _committed = true;
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_filled == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            "INSERT INTO worker_import_file_chunks (import_id, chunk_no, content) VALUES (@import_id, @chunk_no, @content)");
        command.Parameters.AddWithValue("import_id", importId);
        command.Parameters.AddWithValue("chunk_no", _chunkNo++);
        command.Parameters.AddWithValue("content", NpgsqlDbType.Bytea, new ArraySegment<byte>(_chunk, 0, _filled));
        await command.ExecuteNonQueryAsync(ct);
        _filled = 0;
    }

    /// <summary>A refused or failed upload leaves nothing behind: its pieces are deleted (the sweep catches any this misses).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_committed || _chunkNo == 0)
        {
            return;
        }

        try
        {
            await using var command = dataSource.CreateCommand("DELETE FROM worker_import_file_chunks WHERE import_id = @import_id");
            command.Parameters.AddWithValue("import_id", importId);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The database is unreachable: the sweep deletes the pieces later; the upload's own error is what the client hears.
        }
    }
}

internal sealed record StoredUpload(string UploadedBy, DateTimeOffset CreatedAt, long SizeBytes, int TotalRows);
