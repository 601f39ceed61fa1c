namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Classifies a datagram that arrived on the shared media port. RFC 7983 gives RTP and RTCP the first-byte
/// range 128–191 (version 2); RFC 5761 then tells them apart by the second byte, because RTCP packet types
/// 192–223 can never be valid RTP payload types once the marker bit is folded in.
/// </summary>
public static class RtpPacket
{
    /// <summary>Smallest possible RTP packet: the 12-byte fixed header.</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>True when the first byte lies in 128–191, the RTP/RTCP range of RFC 7983.</summary>
    public static bool IsRtpOrRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length > 0 && datagram[0] is >= 128 and <= 191;

    /// <summary>True for RTCP: an RTP/RTCP first byte and a second byte (the packet type) in 192–223.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length > 1 && IsRtpOrRtcp(datagram) && datagram[1] is >= 192 and <= 223;

    /// <summary>True for RTP: an RTP/RTCP first byte, at least a fixed header, and not RTCP.</summary>
    public static bool IsRtp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= FixedHeaderLength && IsRtpOrRtcp(datagram) && datagram[1] is < 192 or > 223;
}
