using System.Text.RegularExpressions;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using RtcLive.Hls.Tests;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// A presenter whose page publishes H.264 (<c>codec=h264</c>: Chromium's OpenH264 over WebRTC, negotiated by the SFU)
/// is watched over HLS: the worker depacketizes H.264 (RFC 6184) and transcodes it; the HLS page plays, frames
/// advance and the probe's delay is read; ffprobe finds H.264 and AAC at the ladder's sizes in the segments.
/// </summary>
public sealed partial class HlsH264PresenterTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    [Fact]
    public async Task An_h264_presenters_class_plays_over_hls()
    {
        const string room = "hls-h264";
        var lead = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "teacher", "presenter", "&probe=1&codec=h264", KeepPeerConnections);
        Assert.True(await lead.WaitForStateAsync("connected", TimeSpan.FromSeconds(20)) == "connected", await lead.MessageAsync());
        await lead.WaitForStatsAsync(s => s.FramesSent > 60, TimeSpan.FromSeconds(20));
        // What the browser really sends: the negotiated codec of its camera, read off its own outbound stats.
        string sent = await lead.Page.EvaluateAsync<string>("""
            async () => {
              const seen = new Set();
              for (const pc of window.__pcs) {
                const stats = await pc.getStats();
                stats.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video' && s.codecId) seen.add(stats.get(s.codecId).mimeType); });
              }
              return [...seen].join(',');
            }
            """);
        Assert.Equal("video/H264", sent);

        var viewer = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "student", "viewer", "&transport=hls");
        try
        {
            await PlaysAsync(room, viewer);
            // What passing the source rung through (no re-encode) would need: keyframes on the segment grid. How often
            // the browser's encoder makes them on its own, per simulcast layer (the worker asks with PLI at start and
            // on every layer switch or loss), tells whether it can be done without asking for one every segment.
            output.WriteLine("presenter's H.264 keyframes: " + await lead.Page.EvaluateAsync<string>("""
                async () => {
                  const out = [];
                  for (const pc of window.__pcs) (await pc.getStats()).forEach(s => {
                    if (s.type === 'outbound-rtp' && s.kind === 'video')
                      out.push(`${s.rid ?? '-'} ${s.frameWidth}x${s.frameHeight}: ${s.keyFramesEncoded} of ${s.framesEncoded} frames, ${s.pliCount} PLI, ${s.firCount} FIR`);
                  });
                  return out.join('; ');
                }
                """));
        }
        finally
        {
            foreach (string line in server.Log.Where(l => l.Contains("HLS", StringComparison.Ordinal) || l.Contains("ffmpeg", StringComparison.Ordinal)))
                output.WriteLine(line);
        }
    }

    private async Task PlaysAsync(string room, ClassroomPage viewer)
    {
        string state = await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(45));
        Assert.True(state == "connected", $"the HLS page is {state}: {await viewer.MessageAsync()}");
        Assert.Contains(server.Log, l => l.Contains($"HLS of room {room}: source H264 ", StringComparison.Ordinal));

        var delays = new List<double>();
        long previous = (await viewer.StatsAsync()).FramesDecoded;
        for (int i = 0; i < 3; i++)
        {
            await Task.Delay(4000);
            var stats = await viewer.StatsAsync();
            output.WriteLine($"{(i + 1) * 4} s: {stats}");
            Assert.True(stats.FramesDecoded > previous, $"no frame decoded between {i * 4} s and {i * 4 + 4} s ({stats})");
            previous = stats.FramesDecoded;
            if (stats.GlassToGlassMs is { } ms) delays.Add(ms);
        }
        Assert.NotEmpty(delays);
        delays.Sort();
        string line = $"speed: HLS of an H.264 presenter (codec=h264) glass-to-glass p50: {delays[delays.Count / 2]:F0} ms ({delays.Count} readings)";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("RTCLIVE_SPEED_REPORT") is { Length: > 0 } report) File.AppendAllText(report, line + Environment.NewLine);

        // The segments themselves: H.264 and AAC at each rung's size.
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        string multivariant = await http.GetStringAsync($"/hls/{room}/index.m3u8");
        var rungs = Rung().Matches(multivariant);
        Assert.NotEmpty(rungs);
        foreach (Match rung in rungs)
        {
            string playlistPath = $"/hls/{room}/{rung.Groups[3].Value}";
            string media = await http.GetStringAsync(playlistPath);
            string dir = playlistPath[..(playlistPath.LastIndexOf('/') + 1)];
            string init = InitMap().Matches(media)[^1].Groups[1].Value;
            string segment = SegmentUri().Matches(media)[^1].Groups[1].Value;
            string file = Path.Combine(Path.GetTempPath(), $"rtclive-h264-{Guid.NewGuid():N}.mp4");
            try
            {
                await File.WriteAllBytesAsync(file, [.. await http.GetByteArrayAsync(dir + init), .. await http.GetByteArrayAsync(dir + segment)]);
                var probe = await Ffprobe.RunAsync(file);
                output.WriteLine($"{rung.Groups[3].Value} {segment}: {string.Join(", ", probe.Streams)}");
                var video = Assert.Single(probe.Streams, s => s.CodecType == "video");
                Assert.Equal("h264", video.CodecName);
                Assert.Equal($"{rung.Groups[1].Value}x{rung.Groups[2].Value}", $"{video.Width}x{video.Height}");
                Assert.True(video.Packets > 0);
                Assert.Equal("aac", Assert.Single(probe.Streams, s => s.CodecType == "audio").CodecName);
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Keeps the page's peer connections where the test can read their stats (the page itself is unchanged).</summary>
    private const string KeepPeerConnections = """
        window.__pcs = [];
        const Native = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends Native {
          constructor(...args) { super(...args); window.__pcs.push(this); }
        };
        """;

    [GeneratedRegex(@"RESOLUTION=(\d+)x(\d+)[^\n]*\n(\S+/index\.m3u8)")]
    private static partial Regex Rung();

    [GeneratedRegex(@"#EXT-X-MAP:URI=""([^""]+)""")]
    private static partial Regex InitMap();

    [GeneratedRegex(@"#EXTINF:[0-9.]+,\n(s\d+\.m4s)")]
    private static partial Regex SegmentUri();
}
