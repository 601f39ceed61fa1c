using System.Net;
using Microsoft.Extensions.Logging;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;

namespace RtcLive.WebRtc.Client;

/// <summary>How a <see cref="ClientPeer"/> binds its socket and runs ICE and DTLS; the defaults suit loopback tests.</summary>
public sealed class ClientPeerOptions
{
    /// <summary>The local address and port of the peer's own UDP socket; port 0 lets the system choose.</summary>
    public IPEndPoint LocalEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>
    /// The address put in our host candidate. Null uses the bound address, which must then be a specific one:
    /// a wildcard (0.0.0.0, ::) is not an address a peer can send to.
    /// </summary>
    public IPAddress? AnnouncedAddress { get; init; }

    /// <summary>Our DTLS certificate; null generates one per peer (a few milliseconds of ECDSA key generation).</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>DTLS timers and the SRTP profiles we offer (as client) or accept (as server).</summary>
    public DtlsTransportOptions? Dtls { get; init; }

    /// <summary>ICE check and consent timing.</summary>
    public IceAgentOptions? Ice { get; init; }

    /// <summary>
    /// Kernel socket buffers. A burst (a keyframe, or a load generator's many streams) overflows the system
    /// default quickly; the kernel caps these at net.core.rmem_max / wmem_max.
    /// </summary>
    public int ReceiveBufferBytes { get; init; } = 1024 * 1024;

    public int SendBufferBytes { get; init; } = 1024 * 1024;

    /// <summary>The RTCP CNAME of the tracks we announce; null generates a random one.</summary>
    public string? Cname { get; init; }

    public ILogger? Logger { get; init; }
}
