namespace RtcLive.E2E.Tests.Browser;

public sealed class ChromiumHostTests(ChromiumHost chromium) : IClassFixture<ChromiumHost>
{
    [Fact]
    public async Task Two_local_peer_connections_connect_over_loopback()
    {
        var page = await chromium.NewPageAsync();
        string state = await page.EvaluateAsync<string>("""
            async () => {
              const a = new RTCPeerConnection(), b = new RTCPeerConnection();
              a.onicecandidate = e => e.candidate && b.addIceCandidate(e.candidate);
              b.onicecandidate = e => e.candidate && a.addIceCandidate(e.candidate);
              a.createDataChannel('x');
              await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
              await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
              for (let i = 0; i < 100 && a.connectionState !== 'connected'; i++) await new Promise(r => setTimeout(r, 50));
              return a.connectionState;
            }
            """);
        Assert.Equal("connected", state);
    }
}
