using System.Net;
using Microsoft.Extensions.Logging;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;
using RtcLive.WebRtc.Transport.IceTcp;

namespace RtcLive.Sfu.Node;

/// <summary>
/// What every session of the node shares to make transports: the UDP mux, the ICE-TCP port when configured, the
/// DTLS certificate, and the ICE candidates announced in every SDP this node writes (UDP first, then passive TCP).
/// </summary>
public sealed class MediaPort : IDisposable
{
    private readonly WebRtcTransportOptions _transportOptions;
    private readonly ILoggerFactory _loggers;

    public MediaPort(SfuNodeOptions options, ILoggerFactory loggers)
    {
        _loggers = loggers;
        Certificate = DtlsCertificate.Generate();
        Mux = new UdpMux(new UdpMuxOptions { Bind = options.MediaBind, SendBatch = options.SendBatch }, loggers.CreateLogger<UdpMux>());
        var announced = options.AnnouncedAddress ?? Mux.LocalEndPoint.Address;
        if (announced.Equals(IPAddress.Any) || announced.Equals(IPAddress.IPv6Any))
            throw new InvalidOperationException("the media port binds to a wildcard address: set an announced address for ICE candidates");
        CandidateValue = IceCandidate.Host(announced.ToString(), Mux.LocalEndPoint.Port).AttributeValue;
        if (options.IceTcp is { } tcp)
        {
            try
            {
                Tcp = new IceTcpListener(Mux, tcp, loggers.CreateLogger<IceTcpListener>());
            }
            catch
            {
                Mux.Dispose();
                throw;
            }
            CandidateValues = [CandidateValue, IceCandidate.TcpPassiveHost(announced.ToString(), Tcp.LocalEndPoint.Port).AttributeValue];
        }
        else
        {
            CandidateValues = [CandidateValue];
        }
        Fingerprint = SdpFingerprint.Parse(Certificate.Fingerprint);
        var limits = options.Limits;
        Handshakes = new DtlsHandshakeLimiter(limits.MaxConcurrentHandshakes, limits.MaxHandshakesPerAddress);
        _transportOptions = new WebRtcTransportOptions
        {
            ConnectTimeout = options.ConnectTimeout,
            ConsentTimeout = options.ConsentTimeout,
            Dtls = new DtlsTransportOptions { Limiter = Handshakes, HandshakeTimeout = limits.HandshakeTimeout },
        };
    }

    /// <summary>The cap on this node's DTLS handshakes, in all and per remote address (<see cref="SfuLimits"/>).</summary>
    public DtlsHandshakeLimiter Handshakes { get; }

    public UdpMux Mux { get; }

    public DtlsCertificate Certificate { get; }

    public SdpFingerprint Fingerprint { get; }

    /// <summary>The ICE-TCP port (passive TCP candidates, RFC 6544); null when the node has none.</summary>
    public IceTcpListener? Tcp { get; }

    /// <summary>The value of this node's UDP <c>a=candidate</c> line.</summary>
    public string CandidateValue { get; }

    /// <summary>Every <c>a=candidate</c> value this node announces: the UDP host candidate, then the passive TCP one.</summary>
    public IReadOnlyList<string> CandidateValues { get; }

    public void Start()
    {
        Mux.Start();
        Tcp?.Start();
    }

    /// <summary>A server-side transport for a peer whose SDP (offer or answer) is <paramref name="remote"/>.</summary>
    /// <exception cref="SdpNegotiationException">The remote description has no ICE credentials or fingerprint.</exception>
    public WebRtcTransport CreateTransport(IceCredentials local, SessionDescription remote)
    {
        var identity = RemoteTransportIdentity.Read(remote);
        return new WebRtcTransport(Mux, Certificate, local, identity.Ice.Ufrag, identity.Fingerprint, _transportOptions,
            _loggers.CreateLogger<WebRtcTransport>());
    }

    public void Dispose()
    {
        Tcp?.Dispose();
        Mux.Dispose();
    }
}
