using System.Text.Json;
using RtcLive.E2E.Tests.Browser;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>
/// Chromium publishes over WHIP and another Chromium plays over WHEP, both with nothing but fetch() and an
/// RTCPeerConnection against the real server: the way a browser-based encoder and a WHEP player use RtcLive.
/// </summary>
public sealed class WhipWhepBrowserTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    [Fact]
    public async Task A_whep_player_in_chromium_decodes_what_chromium_publishes_over_whip()
    {
        var player = await chromium.NewPageAsync();
        await player.GotoAsync(server.BaseUrl + "/echo.html");
        string playState = await player.EvaluateAsync<string>(PlayScript, "/whep/whip-room");
        Assert.Equal("201", playState);

        var encoder = await chromium.NewPageAsync();
        await encoder.GotoAsync(server.BaseUrl + "/echo.html");
        string publishState = await encoder.EvaluateAsync<string>(PublishScript, "/whip/whip-room");
        Assert.Equal("201", publishState);

        int frames = 0, audio = 0;
        for (int i = 0; i < 80 && (frames <= 10 || audio <= 20); i++)
        {
            await Task.Delay(250);
            var stats = await player.EvaluateAsync<JsonElement>(StatsScript);
            frames = stats.GetProperty("frames").GetInt32();
            audio = stats.GetProperty("audio").GetInt32();
        }
        output.WriteLine($"WHEP player: {frames} frames decoded, {audio} audio packets");
        Assert.True(frames > 10, $"frames decoded over WHEP: {frames}");
        Assert.True(audio > 20, $"audio packets over WHEP: {audio}");

        // Ending the WHIP session removes the publisher (DELETE on its Location).
        int deleted = await encoder.EvaluateAsync<int>("async () => (await fetch(window.location_, { method: 'DELETE' })).status");
        Assert.Equal(200, deleted);
    }

    private const string PublishScript = """
        async (path) => {
          const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
          const pc = new RTCPeerConnection();
          window.pc = pc;
          pc.addTransceiver(media.getVideoTracks()[0], { direction: 'sendonly', sendEncodings: [
            { rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' } ] });
          pc.addTransceiver(media.getAudioTracks()[0], { direction: 'sendonly' });
          await pc.setLocalDescription();
          const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
          if (response.status !== 201) return `${response.status}: ${await response.text()}`;
          window.location_ = response.headers.get('Location');
          await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
          return String(response.status);
        }
        """;

    private const string PlayScript = """
        async (path) => {
          const pc = new RTCPeerConnection();
          window.pc = pc;
          pc.addTransceiver('video', { direction: 'recvonly' });
          pc.addTransceiver('audio', { direction: 'recvonly' });
          pc.ontrack = e => {
            if (e.track.kind !== 'video') return;
            const v = document.createElement('video');
            v.autoplay = true; v.muted = true; v.srcObject = new MediaStream([e.track]);
            document.body.appendChild(v);
          };
          await pc.setLocalDescription();
          const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
          if (response.status !== 201) return `${response.status}: ${await response.text()}`;
          await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
          return String(response.status);
        }
        """;

    private const string StatsScript = """
        async () => {
          let frames = 0, audio = 0;
          (await window.pc.getStats()).forEach(s => {
            if (s.type !== 'inbound-rtp') return;
            if (s.kind === 'video') frames += s.framesDecoded ?? 0;
            if (s.kind === 'audio') audio += s.packetsReceived ?? 0;
          });
          return { frames, audio };
        }
        """;
}
