using System.Net;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Echo;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Tests.Client;

/// <summary>
/// The server side of the stack on 127.0.0.1 with a port of its own: a UDP mux (ICE-lite, DTLS server) and the
/// echo endpoint, which sends back everything a peer sends on a sendrecv m-line under a new SSRC.
/// </summary>
internal sealed class LoopbackEchoServer : IDisposable
{
    private static readonly Lazy<Task> Warmup = new(() => DtlsWarmup.RunAsync());

    public LoopbackEchoServer(WebRtcTransportOptions? transportOptions = null, TimeSpan? tickInterval = null)
    {
        Certificate = DtlsCertificate.Generate();
        Mux = new UdpMux(new UdpMuxOptions
        {
            Bind = new IPEndPoint(IPAddress.Loopback, 0),
            ReceiveBufferBytes = 1024 * 1024,
            SendBufferBytes = 1024 * 1024,
            TickInterval = tickInterval ?? TimeSpan.FromSeconds(1),
        });
        Mux.Start();
        Echo = new EchoEndpoint(Mux, Certificate, transportOptions: transportOptions);
    }

    public DtlsCertificate Certificate { get; }

    public UdpMux Mux { get; }

    public EchoEndpoint Echo { get; }

    /// <summary>One in-memory handshake per test process, so the first real one is not slowed by the JIT.</summary>
    public static Task WarmUpAsync() => Warmup.Value;

    public void Dispose()
    {
        Echo.Dispose();
        Mux.Dispose();
    }
}
