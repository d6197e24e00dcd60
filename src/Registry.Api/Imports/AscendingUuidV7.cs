using System.Buffers.Binary;
using System.Security.Cryptography;

namespace PijarSemar.Registry.WorkerImports;

/// <summary>
/// UUIDv7 ids (RFC 9562) that ascend in the order they are made: the Unix time in milliseconds,
/// then 42 random bits fixed for this generator, then a 32-bit counter. <see cref="Guid.CreateVersion7()"/>
/// is random after the millisecond, so the 250,000 ids of one import would land all over the
/// primary-key index; ascending ids append to its right edge instead.
/// </summary>
internal sealed class AscendingUuidV7
{
    private readonly long _unixMilliseconds;
    private readonly byte[] _random = RandomNumberGenerator.GetBytes(6);
    private uint _counter;

    public AscendingUuidV7(DateTimeOffset time) => _unixMilliseconds = time.ToUnixTimeMilliseconds();

    public Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, _unixMilliseconds << 16);
        bytes[6] = (byte)(0x70 | (_random[0] & 0x0F));
        bytes[7] = _random[1];
        bytes[8] = (byte)(0x80 | (_random[2] & 0x3F));
        _random.AsSpan(3).CopyTo(bytes[9..]);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[12..], _counter++);
        return new Guid(bytes, bigEndian: true);
    }
}
