using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// The RFC 4588 retransmission stream paired with one output stream toward a subscriber: its own SSRC (offered
/// with <c>a=ssrc-group:FID</c>), its own payload type and its own continuous sequence numbers. Repairs go here
/// rather than into the media stream so the subscriber can tell a retransmission from a late original, which
/// keeps its loss and jitter statistics and its bandwidth estimate honest (RFC 4588 §1).
/// </summary>
/// <remarks>
/// Whether the subscriber took RTX is known only from its answer, and each renegotiation may change it, so
/// <see cref="IsNegotiated"/> is set by the signaling thread and read by the thread that answers NACKs.
/// <see cref="TryWrapInPlace"/> runs only on that one thread (as the consumer's other per-packet work does).
/// </remarks>
public sealed class RtxStream
{
    private bool _negotiated;
    private ushort _nextSequenceNumber;

    /// <param name="ssrc">The retransmission SSRC, distinct from the media SSRC.</param>
    /// <param name="payloadType">The rtx payload type offered for the media payload type (its <c>apt</c>).</param>
    /// <param name="firstSequenceNumber">Where the stream's numbering starts (random, as for any RTP stream).</param>
    public RtxStream(uint ssrc, byte payloadType, ushort firstSequenceNumber)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        Ssrc = ssrc;
        PayloadType = payloadType;
        _nextSequenceNumber = firstSequenceNumber;
    }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    /// <summary>True once the subscriber's answer accepted this stream's payload type; until then repairs are
    /// sent in the media stream, which every receiver understands.</summary>
    public bool IsNegotiated
    {
        get => Volatile.Read(ref _negotiated);
        internal set => Volatile.Write(ref _negotiated, value);
    }

    /// <summary>
    /// Turns the finished media packet in <c>buffer[..length)</c> into its RTX packet in place: the original
    /// sequence number moves into the first two payload bytes, and the header takes this stream's SSRC, payload
    /// type and next sequence number. False, with the buffer unchanged, when the packet does not parse or the
    /// buffer has no room for the 2 extra bytes.
    /// </summary>
    public bool TryWrapInPlace(Span<byte> buffer, int length, out int written)
    {
        if (!RtxPacket.TryWrap(buffer[..length], PayloadType, Ssrc, _nextSequenceNumber, buffer, out written))
            return false;
        _nextSequenceNumber++;
        return true;
    }
}
