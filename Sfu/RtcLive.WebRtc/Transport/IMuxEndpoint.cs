using System.Net;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// A peer's session as the shared UDP port sees it. Every call comes on a receive thread with a span over
/// that thread's receive buffer: copy what must outlive the call.
/// </summary>
public interface IMuxEndpoint
{
    /// <summary>The ICE username fragment that routes STUN checks from new addresses to this session.</summary>
    string LocalUfrag { get; }

    void OnStun(ReadOnlySpan<byte> packet, EndpointKey remote, SocketAddress remoteAddress);

    /// <summary>DTLS from an address this session has bound after a valid ICE check.</summary>
    void OnDtls(ReadOnlySpan<byte> packet, EndpointKey remote);

    /// <summary>SRTP or SRTCP from a bound address; the span may be decrypted in place.</summary>
    void OnSrtp(Span<byte> packet, PacketClass kind, EndpointKey remote);

    /// <summary>Called about once a second from a timer thread, for consent freshness and the like.</summary>
    void OnTick(long nowMs);
}
