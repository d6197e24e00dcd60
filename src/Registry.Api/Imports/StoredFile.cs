using System.Data;
using Npgsql;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>An upload read back from the database piece by piece, as a forward-only stream.</summary>
internal sealed class StoredFile : Stream
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand _command;
    private readonly NpgsqlDataReader _reader;
    private byte[] _chunk = [];
    private int _position;

    private StoredFile(NpgsqlConnection connection, NpgsqlCommand command, NpgsqlDataReader reader)
    {
        _connection = connection;
        _command = command;
        _reader = reader;
    }

    public static async Task<StoredFile> OpenAsync(NpgsqlDataSource dataSource, Guid importId, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        var command = new NpgsqlCommand(
            "SELECT content FROM worker_import_file_chunks WHERE import_id = @id ORDER BY chunk_no", connection);
        command.Parameters.AddWithValue("id", importId);
        var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        return new StoredFile(connection, command, reader);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_position == _chunk.Length)
        {
            if (!await _reader.ReadAsync(cancellationToken))
            {
                return 0;
            }

            _chunk = await _reader.GetFieldValueAsync<byte[]>(0, cancellationToken);
            _position = 0;
        }

        var count = Math.Min(buffer.Length, _chunk.Length - _position);
        _chunk.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _command.Dispose();
            _connection.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _command.DisposeAsync();
        await _connection.DisposeAsync();
        await base.DisposeAsync();
    }
}
