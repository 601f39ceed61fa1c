using System.Text.Json;
using Microsoft.Playwright;
using RtcLive.E2E.Tests.Browser;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.WebRtc;

/// <summary>
/// Headless Chromium publishes its fake camera and microphone to our stack and gets them back on two
/// receive-only transceivers, re-encrypted under new SSRCs: ICE-lite, DTLS (we are the server), SRTP both
/// ways, RTP routing by mid and RTCP feedback all have to work for a frame to be decoded.
/// </summary>
public sealed class BrowserEchoTests(ChromiumHost chromium, EchoFixture fixture, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<EchoFixture>
{
    [Fact]
    public async Task Chromium_gets_its_own_video_and_audio_back_through_the_stack()
    {
        var page = await chromium.NewBlankPageAsync();
        string offer = await page.EvaluateAsync<string>("""
            async () => {
              const media = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
              const pc = new RTCPeerConnection();
              window.pc = pc;
              for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
              pc.addTransceiver('video', { direction: 'recvonly' });
              pc.addTransceiver('audio', { direction: 'recvonly' });
              await pc.setLocalDescription();
              return pc.localDescription.sdp;
            }
            """);

        var session = fixture.Echo.Accept(offer, out string answer);
        output.WriteLine(answer);

        string state = await page.EvaluateAsync<string>("""
            async (answer) => {
              await window.pc.setRemoteDescription({ type: 'answer', sdp: answer });
              for (let i = 0; i < 200 && window.pc.connectionState !== 'connected'; i++) await new Promise(r => setTimeout(r, 50));
              return window.pc.connectionState;
            }
            """, answer);
        Assert.Equal("connected", state);

        var stats = await WaitForStatsAsync(page, s => s.VideoFramesDecoded > 10 && s.AudioPacketsReceived > 20, TimeSpan.FromSeconds(15));
        output.WriteLine(JsonSerializer.Serialize(stats));
        output.WriteLine($"echoed {session.EchoedPackets} packets, dropped {session.DroppedPackets}; SRTP {session.Transport.Secure.Profile}, DTLS handshake {session.Transport.Secure.HandshakeDuration?.TotalMilliseconds:F0} ms");

        Assert.True(stats.VideoFramesDecoded > 10, $"video frames decoded: {stats.VideoFramesDecoded}");
        Assert.True(stats.AudioPacketsReceived > 20, $"audio packets received: {stats.AudioPacketsReceived}");
        Assert.DoesNotContain(stats.InboundSsrcs, ssrc => stats.OutboundSsrcs.Contains(ssrc));
        Assert.Equal("SRTP_AEAD_AES_128_GCM", stats.SrtpCipher);
        Assert.Equal(0, session.DroppedPackets);
    }

    internal static async Task<PageStats> WaitForStatsAsync(IPage page, Func<PageStats, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        PageStats stats;
        do
        {
            await Task.Delay(250);
            stats = await ReadStatsAsync(page);
        }
        while (!done(stats) && DateTime.UtcNow < deadline);
        return stats;
    }

    internal static async Task<PageStats> ReadStatsAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>(StatsScript)).Deserialize<PageStats>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private const string StatsScript = """
        async () => {
          const out = { videoFramesDecoded: 0, audioPacketsReceived: 0, inboundSsrcs: [], outboundSsrcs: [], srtpCipher: null };
          (await window.pc.getStats()).forEach(s => {
            if (s.type === 'inbound-rtp') {
              out.inboundSsrcs.push(s.ssrc);
              if (s.kind === 'video') out.videoFramesDecoded += s.framesDecoded ?? 0;
              if (s.kind === 'audio') out.audioPacketsReceived += s.packetsReceived ?? 0;
            }
            if (s.type === 'outbound-rtp') out.outboundSsrcs.push(s.ssrc);
            if (s.type === 'transport' && s.srtpCipher) out.srtpCipher = s.srtpCipher;
          });
          return out;
        }
        """;
}

public sealed record PageStats(int VideoFramesDecoded, int AudioPacketsReceived, long[] InboundSsrcs, long[] OutboundSsrcs, string? SrtpCipher);
