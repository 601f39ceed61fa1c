using System.Diagnostics;
using System.Text.RegularExpressions;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// The HLS fallback in headless Chromium: a presenter's class (the latency probe) watched with transport=hls plays
/// 20 s with frames advancing and its glass-to-glass delay measured; ffmpeg killed mid-class, playback resumes; the
/// class ended, the playlist ends (EXT-X-ENDLIST) and so does the page. The delay goes to the speed report.
/// </summary>
public sealed partial class HlsPlaybackTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_class_plays_over_ll_hls_survives_ffmpeg_dying_and_ends_with_the_playlist()
    {
        const string room = "hls-class";
        var lead = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "teacher", "moderator", "&probe=1");
        Assert.Equal("connected", await lead.WaitForStateAsync("connected", Connect));
        await lead.WaitForStatsAsync(s => s.FramesSent > 60, TimeSpan.FromSeconds(20));

        var started = Stopwatch.StartNew();
        var viewer = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "student", "viewer", "&transport=hls");
        string state = await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(45));
        if (state != "connected")
            foreach (string line in server.Log.Where(l => l.Contains("HLS", StringComparison.Ordinal) || l.Contains("ffmpeg", StringComparison.Ordinal)))
                output.WriteLine(line);
        Assert.True(state == "connected", $"the HLS page is {state}: {await viewer.MessageAsync()}");
        output.WriteLine($"HLS page to first frames: {started.Elapsed.TotalSeconds:F1} s");

        // 20 s of playback: frames advance in every 4 s window (a stall of 4 s or more fails; the player's short
        // rebuffers of 2-4 s, seen about once in four runs on these two cores, are an open item of the HLS issue);
        // the probe's delay is read off the decoded frames.
        var delays = new List<double>();
        long previous = (await viewer.StatsAsync()).FramesDecoded;
        for (int i = 0; i < 5; i++)
        {
            await Task.Delay(4000);
            var stats = await viewer.StatsAsync();
            Assert.True(stats.FramesDecoded > previous, $"no frame decoded between {i * 4} s and {i * 4 + 4} s ({stats})");
            Assert.Equal("connected", await viewer.StateAsync());
            previous = stats.FramesDecoded;
            if (stats.GlassToGlassMs is { } ms) delays.Add(ms);
        }
        Assert.NotEmpty(delays);
        delays.Sort();
        double median = delays[delays.Count / 2];
        output.WriteLine($"HLS glass-to-glass over 20 s: p50 {median:F0} ms, min {delays[0]:F0}, max {delays[^1]:F0} ({delays.Count} readings)");
        Report($"speed: HLS (LL-HLS, 1 s segments, 0.333 s parts) glass-to-glass p50: {median:F0} ms (min {delays[0]:F0}, max {delays[^1]:F0})");
        Assert.InRange(median, 0, 15_000);

        // ffmpeg dies mid-class: the worker restarts it and the page plays on.
        int killed = KillTranscoder(server.Id);
        output.WriteLine($"killed ffmpeg {killed}");
        long atKill = (await viewer.StatsAsync()).FramesDecoded;
        var resumed = await viewer.WaitForStatsAsync(s => s.FramesDecoded > atKill + 90, TimeSpan.FromSeconds(40));
        Assert.True(resumed.FramesDecoded > atKill + 90, $"playback did not resume after ffmpeg was killed ({resumed})");
        Assert.Equal("connected", await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(10)));
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        // The restart is in the playlist, as players need it: a DISCONTINUITY tag while its segment is in the window
        // (read now: by the class's end a slow run may have slid it out, into EXT-X-DISCONTINUITY-SEQUENCE).
        string restarted = "";
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10); DateTime.UtcNow < deadline && !restarted.Contains("#EXT-X-DISCONTINUITY"); await Task.Delay(500))
        {
            string multivariant = await http.GetStringAsync($"/hls/{room}/index.m3u8");
            restarted = await http.GetStringAsync($"/hls/{room}/{MediaPlaylist().Match(multivariant).Value}");
        }
        Assert.Contains("#EXT-X-DISCONTINUITY", restarted);

        // The class ends: every playlist ends, and the page ends when it has played the rest.
        await lead.CallAsync("endClass");
        string media = "";
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20); DateTime.UtcNow < deadline && !media.Contains("#EXT-X-ENDLIST"); await Task.Delay(500))
        {
            string multivariant = await http.GetStringAsync($"/hls/{room}/index.m3u8");
            media = await http.GetStringAsync($"/hls/{room}/{MediaPlaylist().Match(multivariant).Value}");
        }
        Assert.Contains("#EXT-X-ENDLIST", media);
        Assert.Equal("ended", await viewer.WaitForStateAsync("ended", TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// Kills the server's ffmpeg (the child reading Matroska from stdin). Only a child of this server: the network
    /// namespace does not hide other processes, and another test run on the machine may have its own transcoder.
    /// </summary>
    private static int KillTranscoder(int serverPid)
    {
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmdline.StartsWith("ffmpeg ", StringComparison.Ordinal) && !cmdline.Contains("/ffmpeg ", StringComparison.Ordinal)) continue;
                if (!cmdline.Contains("-f matroska -i pipe:0", StringComparison.Ordinal)) continue;
                string status = File.ReadAllText(Path.Combine(dir, "status"));
                if (!status.Contains($"\nPPid:\t{serverPid}\n", StringComparison.Ordinal)) continue;
                Process.GetProcessById(pid).Kill();
                return pid;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        throw new InvalidOperationException("no ffmpeg of the HLS worker is running");
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        string? file = Environment.GetEnvironmentVariable("RTCLIVE_SPEED_REPORT");
        if (!string.IsNullOrWhiteSpace(file)) File.AppendAllText(file, line + Environment.NewLine);
    }

    [GeneratedRegex(@"\S+/index\.m3u8")]
    private static partial Regex MediaPlaylist();
}
