namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP datagram (use it with <c>while (reader.MoveNext())</c> to be able to
/// check <see cref="IsMalformed"/> afterwards). A packet whose header is invalid or whose length runs past
/// the datagram ends the walk and sets <see cref="IsMalformed"/>; packets before it were good. The first
/// packet is not required to be SR/RR: reduced-size RTCP (RFC 5506), which Chrome uses, drops that rule.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;
    private RtcpPacket _current;

    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
        _current = default;
        IsMalformed = false;
    }

    public readonly RtcpPacket Current => _current;

    /// <summary>Set when the walk stopped at a malformed packet rather than at the end of the datagram.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>Offset of the next packet; equals the datagram length after a clean walk.</summary>
    public readonly int Offset => _offset;

    public readonly RtcpCompoundReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset >= _datagram.Length || IsMalformed)
            return false;
        if (!RtcpPacket.TryParse(_datagram.Slice(_offset), out _current))
        {
            IsMalformed = true;
            return false;
        }
        _offset += _current.Packet.Length;
        return true;
    }
}
