using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// The part every RFC 4585 feedback packet shares: after the common header, the SSRC of the packet's sender
/// and the SSRC of the media source it is about, then the FCI (feedback control information).
/// </summary>
internal static class FeedbackHeader
{
    public const int Length = RtcpPacket.HeaderLength + 8;
    public const int BodyLength = 8;

    public static uint SenderSsrc(ReadOnlySpan<byte> body) => BinaryPrimitives.ReadUInt32BigEndian(body);

    public static uint MediaSsrc(ReadOnlySpan<byte> body) => BinaryPrimitives.ReadUInt32BigEndian(body.Slice(4));

    /// <summary>Checks room, then writes the common header and both SSRCs; returns the FCI area.</summary>
    public static Span<byte> Write(Span<byte> destination, RtcpPacketType type, int format, int packetLength, uint senderSsrc, uint mediaSsrc)
    {
        RtcpPacket.EnsureRoom(destination, packetLength);
        RtcpPacket.WriteHeader(destination, format, type, packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), mediaSsrc);
        return destination.Slice(Length, packetLength - Length);
    }
}
