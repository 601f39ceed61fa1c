namespace RtcLive.WebRtc.Ice;

/// <summary>The transport of a candidate: UDP (RFC 8445) or TCP (RFC 6544).</summary>
public enum IceTransportProtocol
{
    Udp,
    Tcp,
}
