using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// SDES (RFC 3550 §6.5): chunks of (SSRC, items). <see cref="TryParse"/> checks every chunk, so enumerating
/// (<c>foreach (SdesChunk chunk in sdes)</c>) cannot fail.
/// </summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    public int ChunkCount { get; }

    public Enumerator GetEnumerator() => new(_body, ChunkCount);

    /// <summary>False unless the packet is an SDES holding as many well-formed chunks as its count says.</summary>
    public static bool TryParse(in RtcpPacket packet, out SourceDescription description)
    {
        description = default;
        if (packet.PacketType != RtcpPacketType.SourceDescription)
            return false;
        ReadOnlySpan<byte> body = packet.Body;
        int offset = 0;
        for (int i = 0; i < packet.Count; i++)
        {
            offset = SdesChunk.Validate(body, offset, out _);
            if (offset < 0)
                return false;
        }
        description = new SourceDescription(body, packet.Count);
        return true;
    }

    public static int GetCanonicalNameLength(int cnameLength) =>
        RtcpPacket.HeaderLength + 4 + ((2 + cnameLength + 1 + 3) & ~3);

    /// <summary>Writes an SDES with one chunk holding one CNAME item and returns its length.</summary>
    /// <exception cref="ArgumentException">The CNAME is empty or over 255 bytes, or the destination is too short.</exception>
    public static int WriteCanonicalName(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        if (cname.IsEmpty || cname.Length > 255)
            throw new ArgumentException("A CNAME is 1–255 bytes.", nameof(cname));
        int length = GetCanonicalNameLength(cname.Length);
        RtcpPacket.EnsureRoom(destination, length);
        RtcpPacket.WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = (byte)SdesItemType.CanonicalName;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination.Slice(10));
        destination.Slice(10 + cname.Length, length - 10 - cname.Length).Clear(); // END and padding
        return length;
    }

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private int _remaining;
        private int _offset;

        internal Enumerator(ReadOnlySpan<byte> body, int count)
        {
            _body = body;
            _remaining = count;
            _offset = 0;
            Current = default;
        }

        public SdesChunk Current { get; private set; }

        public bool MoveNext()
        {
            if (_remaining == 0)
                return false;
            _remaining--;
            _offset = SdesChunk.Validate(_body, _offset, out var chunk);
            Current = chunk;
            return _offset >= 0;
        }
    }
}
