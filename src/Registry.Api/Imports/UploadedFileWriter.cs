using Npgsql;
using NpgsqlTypes;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// Stores an upload as it is read, in pieces of <see cref="ChunkSize"/> bytes, inside one
/// transaction that commits only together with the import row, once the whole file has passed
/// its checks. A refused or abandoned upload is rolled back and leaves nothing behind; one that
/// fits in a single piece never touches the database before it has been checked.
/// </summary>
internal sealed class UploadedFileWriter(NpgsqlDataSource dataSource, Guid importId) : IAsyncDisposable
{
    public const int ChunkSize = 1024 * 1024;

    private readonly byte[] _chunk = new byte[ChunkSize];
    private int _filled;
    private int _chunkNo;
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private NpgsqlBinaryImporter? _copy;

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

    /// <summary>Writes the last piece and the import row, and commits both.</summary>
    public async Task CommitAsync(StoredUpload upload, CancellationToken ct)
    {
        await FlushAsync(ct);
        await _copy!.CompleteAsync(ct);
        await _copy.DisposeAsync();
        _copy = null;

        await using var command = new NpgsqlCommand("""
            INSERT INTO worker_imports (id, status, uploaded_by, created_at, size_bytes, total_rows)
            VALUES (@id, 'Queued', @uploaded_by, @created_at, @size_bytes, @total_rows)
            """, _connection, _transaction);
        command.Parameters.AddWithValue("id", importId);
        command.Parameters.AddWithValue("uploaded_by", upload.UploadedBy);
        command.Parameters.AddWithValue("created_at", upload.CreatedAt);
        command.Parameters.AddWithValue("size_bytes", upload.SizeBytes);
        command.Parameters.AddWithValue("total_rows", upload.TotalRows);
        await command.ExecuteNonQueryAsync(ct);
        await _transaction!.CommitAsync(ct);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_filled == 0)
        {
            return;
        }

        if (_copy is null)
        {
            _connection = await dataSource.OpenConnectionAsync(ct);
            _transaction = await _connection.BeginTransactionAsync(ct);
            _copy = await _connection.BeginBinaryImportAsync(
                "COPY worker_import_file_chunks (import_id, chunk_no, content) FROM STDIN (FORMAT BINARY)", ct);
        }

        await _copy.StartRowAsync(ct);
        await _copy.WriteAsync(importId, NpgsqlDbType.Uuid, ct);
        await _copy.WriteAsync(_chunkNo++, NpgsqlDbType.Integer, ct);
        await _copy.WriteAsync(new ArraySegment<byte>(_chunk, 0, _filled), NpgsqlDbType.Bytea, ct);
        _filled = 0;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an unfinished COPY cancels it; disposing an uncommitted transaction rolls it back.
        if (_copy is not null)
        {
            await _copy.DisposeAsync();
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

internal sealed record StoredUpload(string UploadedBy, DateTimeOffset CreatedAt, long SizeBytes, int TotalRows);
