using System.Text;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// The request body as the upload check reads it: counts bytes against the size limit, refuses
/// binary content, and hands every byte read to the file writer, so the upload is checked and
/// stored in one pass without holding it in memory.
/// </summary>
internal sealed class UploadStream(Stream body, long maxBytes, UploadedFileWriter file) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public long BytesRead { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await body.ReadAsync(buffer, cancellationToken);

        // Excel's "Unicode Text" is UTF-16: the operator needs to hear "not UTF-8", not "binary".
        if (BytesRead == 0 && buffer.Span[..read] is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            throw new DecoderFallbackException("The upload is UTF-16 text.");
        }

        BytesRead += read;
        if (BytesRead > maxBytes)
        {
            throw new UploadTooLargeException(maxBytes);
        }

        // A NUL byte is valid UTF-8 but never part of a spreadsheet's text: the file is binary (an .xlsx, an image).
        if (buffer.Span[..read].Contains((byte)0))
        {
            throw new BinaryUploadException();
        }

        await file.AppendAsync(buffer[..read], cancellationToken);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // ASP.NET Core forbids synchronous reads of a request body.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

internal sealed class BinaryUploadException() : Exception("The upload contains NUL bytes.");
