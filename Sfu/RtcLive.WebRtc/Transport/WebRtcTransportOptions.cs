using RtcLive.WebRtc.Dtls;

namespace RtcLive.WebRtc.Transport;

public sealed class WebRtcTransportOptions
{
    /// <summary>How long without an authentic check before the peer counts as gone (RFC 7675 says 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a new transport waits for ICE and DTLS to complete before it gives up.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public DtlsTransportOptions? Dtls { get; set; }
}
