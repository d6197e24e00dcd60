using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace PijarSemar.ServiceDefaults.Errors;

/// <summary>
/// Caps JSON request bodies at <see cref="RequestBodyLimitOptions.MaxJsonBodyBytes"/>: a declared
/// length over the cap is a 413 before a byte is read; a body sent without a length stops being
/// read as soon as it passes the cap. Other bodies (CSV uploads) are left to their endpoints.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<RequestBodyLimitOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsJson(request.ContentType))
        {
            return next(context);
        }

        var maxBytes = options.Value.MaxJsonBodyBytes;
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes).ExecuteAsync(context);
        }

        // Kestrel enforces its feature itself; the wrapper also covers servers that have none (the test server).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBytes;
        }

        request.Body = new LimitedRequestBody(request.Body, maxBytes);
        return next(context);
    }

    internal static IResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request body is too large.",
        detail: $"JSON request bodies of at most {maxBytes:N0} bytes are accepted.");

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Thrown by a read past the JSON body cap; the error handler answers it with 413.</summary>
public sealed class RequestBodyTooLargeException(long maxBytes)
    : Exception($"The request body is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

internal sealed class LimitedRequestBody(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    private int Counted(int read)
    {
        _read += read;
        return _read > maxBytes ? throw new RequestBodyTooLargeException(maxBytes) : read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
