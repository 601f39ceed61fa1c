using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>BYE (RFC 3550 §6.6): the sources that leave, and an optional reason text.</summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private Goodbye(ReadOnlySpan<byte> body, int sourceCount, ReadOnlySpan<byte> reason)
    {
        _body = body;
        SourceCount = sourceCount;
        Reason = reason;
    }

    public int SourceCount { get; }

    /// <summary>The reason text (UTF-8), empty when none was given.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="SourceCount"/>.</exception>
    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SourceCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "No such source.");
        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4 * index));
    }

    /// <summary>False unless the packet is a BYE holding its SSRCs and, if present, the whole reason.</summary>
    public static bool TryParse(in RtcpPacket packet, out Goodbye goodbye)
    {
        goodbye = default;
        ReadOnlySpan<byte> body = packet.Body;
        int ssrcBytes = 4 * packet.Count;
        if (packet.PacketType != RtcpPacketType.Goodbye || body.Length < ssrcBytes)
            return false;
        ReadOnlySpan<byte> reason = default;
        if (body.Length > ssrcBytes)
        {
            int reasonLength = body[ssrcBytes];
            if (ssrcBytes + 1 + reasonLength > body.Length)
                return false;
            reason = body.Slice(ssrcBytes + 1, reasonLength);
        }
        goodbye = new Goodbye(body, packet.Count, reason);
        return true;
    }

    public static int GetLength(int sourceCount, int reasonLength) =>
        RtcpPacket.HeaderLength + 4 * sourceCount + (reasonLength == 0 ? 0 : (1 + reasonLength + 3) & ~3);

    /// <summary>Writes a BYE and returns its length.</summary>
    /// <exception cref="ArgumentException">Over 31 sources, a reason over 255 bytes, or the destination is too short.</exception>
    public static int Write(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason = default)
    {
        if (ssrcs.Length > 31)
            throw new ArgumentException("A BYE names at most 31 sources.", nameof(ssrcs));
        if (reason.Length > 255)
            throw new ArgumentException("A BYE reason is at most 255 bytes.", nameof(reason));
        int length = GetLength(ssrcs.Length, reason.Length);
        RtcpPacket.EnsureRoom(destination, length);
        RtcpPacket.WriteHeader(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        int offset = RtcpPacket.HeaderLength;
        foreach (uint ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), ssrc);
            offset += 4;
        }
        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination.Slice(offset + 1));
            destination.Slice(offset + 1 + reason.Length, length - offset - 1 - reason.Length).Clear();
        }
        return length;
    }
}
