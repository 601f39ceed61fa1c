namespace RtcLive.WebRtc.Transport;

/// <summary>What a datagram on the shared media port carries, told apart by its first bytes (RFC 7983, RFC 5761).</summary>
public enum PacketClass : byte
{
    Unknown = 0,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

public static class PacketClassifier
{
    public static PacketClass Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 4) return PacketClass.Unknown;
        byte first = datagram[0];
        if (first <= 3) return PacketClass.Stun;
        if (first >= 20 && first <= 63) return PacketClass.Dtls;
        if (first >= 128 && first <= 191)
        {
            // RTCP packet types 192–223 occupy the whole second byte; in RTP that byte is M + payload type,
            // and payload types 64–95 are not used in dynamic assignment precisely to keep this unambiguous.
            byte second = datagram[1];
            return second >= 192 && second <= 223 ? PacketClass.Rtcp : PacketClass.Rtp;
        }
        return PacketClass.Unknown;
    }
}
