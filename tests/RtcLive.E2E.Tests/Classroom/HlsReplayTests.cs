using System.Globalization;
using System.Text.RegularExpressions;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// Replay (RtcLive:Hls:Replay on): a class watched over HLS ends; its recording is served as VOD
/// (<c>/hls/{room}/replay/index.m3u8</c>: PLAYLIST-TYPE:VOD, EXT-X-ENDLIST, every segment from the start) and the web
/// client's <c>replay=1</c> page plays it from the start to its end in headless Chromium.
/// </summary>
public sealed partial class HlsReplayTests(ChromiumHost chromium, ITestOutputHelper output) : IClassFixture<ChromiumHost>, IDisposable
{
    // Replays outlive the server on purpose: this test's go with it.
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rtclive-replay-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task An_ended_class_plays_back_from_its_replay()
    {
        await using var server = await ServerProcess.StartSignalingAsync(["--RtcLive:Hls:Replay=true", $"--RtcLive:Hls:Directory={_directory}"]);
        string baseUrl = server.Ready;
        const string room = "hls-replay";
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        var lead = await ClassroomPage.OpenAsync(chromium, baseUrl, room, "teacher", "moderator", "&probe=1");
        Assert.True(await lead.WaitForStateAsync("connected", TimeSpan.FromSeconds(20)) == "connected", await lead.MessageAsync());
        await lead.WaitForStatsAsync(s => s.FramesSent > 60, TimeSpan.FromSeconds(20));

        // No replay while the class runs.
        var before = await http.GetAsync($"/hls/{room}/replay/index.m3u8");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, before.StatusCode);

        var live = await ClassroomPage.OpenAsync(chromium, baseUrl, room, "student", "viewer", "&transport=hls");
        Assert.True(await live.WaitForStateAsync("connected", TimeSpan.FromSeconds(45)) == "connected", await live.MessageAsync());
        await Task.Delay(8000);
        await lead.CallAsync("endClass");

        string multivariant = "";
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            var response = await http.GetAsync($"/hls/{room}/replay/index.m3u8");
            if (!response.IsSuccessStatusCode) continue;
            Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
            multivariant = await response.Content.ReadAsStringAsync();
            break;
        }
        foreach (string line in server.Log.Where(l => l.Contains("HLS", StringComparison.Ordinal))) output.WriteLine(line);
        Assert.Contains("#EXT-X-STREAM-INF:", multivariant);
        output.WriteLine(multivariant);
        string rung = RungPlaylist().Match(multivariant).Value;
        string vod = await http.GetStringAsync($"/hls/{room}/replay/{rung}");
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:VOD\n", vod);
        Assert.EndsWith("#EXT-X-ENDLIST\n", vod);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0\n", vod);
        double seconds = Durations().Matches(vod).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        output.WriteLine($"replay: {Durations().Matches(vod).Count} segments, {seconds:F1} s");
        Assert.True(seconds >= 5, $"the replay holds {seconds:F1} s of a class watched for more than 8 s");
        var segment = await http.GetAsync($"/hls/{room}/replay/{rung[..(rung.LastIndexOf('/') + 1)]}s0.m4s");
        Assert.True(segment.IsSuccessStatusCode, $"the first segment: {segment.StatusCode}");
        Assert.Contains("immutable", segment.Headers.CacheControl?.ToString());

        // The replay page plays it from the start, frames advancing, and ends with it.
        var replay = await ClassroomPage.OpenAsync(chromium, baseUrl, room, "late student", "viewer", "&replay=1");
        Assert.True(await replay.WaitForStateAsync("connected", TimeSpan.FromSeconds(30)) == "connected", await replay.MessageAsync());
        long first = (await replay.StatsAsync()).FramesDecoded;
        await Task.Delay(3000);
        var playing = await replay.StatsAsync();
        Assert.True(playing.FramesDecoded > first, $"the replay's frames do not advance ({playing})");
        string state = "";
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2 * seconds + 30); DateTime.UtcNow < deadline && state != "ended";)
        {
            state = await replay.WaitForStateAsync("ended", TimeSpan.FromSeconds(5));
            // Where the video is, for a run that does not end in time (a loaded machine plays slowly).
            output.WriteLine(await replay.Page.EvaluateAsync<string>("""
                () => { const v = document.querySelector('video.hls-video');
                  return v ? `t=${v.currentTime.toFixed(1)} of ${v.duration} ended=${v.ended} paused=${v.paused} ready=${v.readyState} buffered=${v.buffered.length ? v.buffered.end(v.buffered.length - 1).toFixed(1) : '-'}` : 'no video'; }
                """));
        }
        Assert.Equal("ended", state);
        Assert.Contains("replay has ended", await replay.MessageAsync());
    }

    [GeneratedRegex(@"\S+/replay\.m3u8")]
    private static partial Regex RungPlaylist();

    [GeneratedRegex(@"#EXTINF:([0-9.]+),")]
    private static partial Regex Durations();
}
