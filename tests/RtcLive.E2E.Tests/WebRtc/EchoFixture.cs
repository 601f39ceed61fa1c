using System.Net;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Echo;
using RtcLive.WebRtc.Transport;

namespace RtcLive.E2E.Tests.WebRtc;

/// <summary>An echo endpoint on 127.0.0.1 with its own media port, shared by the tests of one class.</summary>
public sealed class EchoFixture : IAsyncLifetime
{
    public UdpMux Mux { get; private set; } = null!;
    public EchoEndpoint Echo { get; private set; } = null!;
    public DtlsCertificate Certificate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Certificate = DtlsCertificate.Generate();
        await DtlsWarmup.RunAsync();
        Mux = new UdpMux(new UdpMuxOptions { Bind = new IPEndPoint(IPAddress.Loopback, 0) });
        Mux.Start();
        Echo = new EchoEndpoint(Mux, Certificate);
    }

    public Task DisposeAsync()
    {
        Echo.Dispose();
        Mux.Dispose();
        return Task.CompletedTask;
    }
}
