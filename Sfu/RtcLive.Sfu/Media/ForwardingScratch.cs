using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Media;

/// <summary>
/// The buffers a consumer writes a packet into before it is protected and sent, one set per thread instead of one
/// per consumer: a packet is built, protected in place and sent before the thread touches the next, so a buffer is
/// free again by the time any other consumer on that thread needs it. Per consumer they were 3 KiB, 6 KiB a viewer
/// with audio and video; per thread they are a few KiB for the whole node. Also keeps a NACK answered on the RTCP
/// thread from writing into the buffer the forwarding thread is filling.
/// </summary>
internal static class ForwardingScratch
{
    public const int PacketLength = Consumer.MaxPacket + DtlsSrtpTransport.SrtpOverhead;

    [ThreadStatic] private static byte[]? t_packet;
    [ThreadStatic] private static byte[]? t_cacheCopy;

    /// <summary>Room for the largest forwarded packet plus its SRTP tag.</summary>
    public static byte[] Packet => t_packet ??= new byte[PacketLength];

    /// <summary>Room for a packet copied out of a producer's cache to be resent.</summary>
    public static byte[] CacheCopy => t_cacheCopy ??= new byte[RtpPacketCache.DefaultSlotSize];
}
