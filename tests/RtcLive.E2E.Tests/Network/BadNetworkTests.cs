using System.Diagnostics;
using System.Globalization;
using RtcLive.E2E.Tests.Classroom;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// Issue 9's bad networks, with real browsers on emulated paths (see <see cref="NetworkLab"/>): random loss on a
/// viewer's and on the presenter's path, jitter that reorders, a bandwidth cap, and a path that dies for a while.
/// The web client's automation contract and the server's /metrics are the oracle; playback is judged by the
/// frames the viewer's page presents. Each case runs <see cref="ImpairedSeconds"/> under impairment: short in
/// ./test.sh, longer with RTCLIVE_NETWORK_SECONDS (tests/bench/run.sh network), which also writes the figures
/// to RTCLIVE_NETWORK_REPORT.
/// </summary>
public sealed class BadNetworkTests(NetworkLab lab, ITestOutputHelper output) : IClassFixture<NetworkLab>, IAsyncLifetime
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(25);

    private static int ImpairedSeconds =>
        int.TryParse(Environment.GetEnvironmentVariable("RTCLIVE_NETWORK_SECONDS"), out int s) && s > 0 ? s : 12;

    private readonly List<ClassroomPage> _pages = [];

    public Task InitializeAsync() => lab.HealAllAsync();

    public async Task DisposeAsync()
    {
        foreach (var page in _pages) await page.Page.Context.CloseAsync();
        await lab.HealAllAsync();
    }

    [Fact]
    public async Task Five_percent_loss_on_the_viewers_path_is_repaired_and_video_keeps_playing()
    {
        var (_, viewer) = await StartClassAsync("loss-viewer");
        var before = await ServerMetrics.ReadAsync(lab.Http, lab.BaseUrl);
        double from = await PlaybackRecorder.NowAsync(viewer.Page);
        await lab.ViewerPath.SetLossAsync(downPercent: 5, upPercent: 5);
        await Task.Delay(TimeSpan.FromSeconds(ImpairedSeconds));
        double to = await PlaybackRecorder.NowAsync(viewer.Page);
        var after = await ServerMetrics.ReadAsync(lab.Http, lab.BaseUrl);
        var playback = await PlaybackRecorder.ReportAsync(viewer.Page, from, to);

        double nacks = after.Since(before, "rtclive_nack_received_total"), rtx = after.Since(before, "rtclive_rtx_sent_total");
        Report("loss-viewer-5pct", playback, $"NACKs received {nacks}, RTX sent {rtx}, PLIs {after.Since(before, "rtclive_pli_sent_total")}");
        Assert.True(nacks > 0, "the node received no NACK from the viewer");
        Assert.True(rtx > 0, "the node repaired nothing as RTX");
        AssertPlayedThrough(playback);
    }

    private async Task<(ClassroomPage Presenter, ClassroomPage Viewer)> StartClassAsync(string room)
    {
        var presenter = await OpenAsync(lab.PresenterBrowser, room, "alice", "presenter");
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", Connect));
        var viewer = await OpenAsync(lab.ViewerBrowser, room, "bob", "viewer");
        Assert.Equal("connected", await viewer.WaitForStateAsync("connected", Connect));
        await PlaybackRecorder.InstallAsync(viewer.Page);
        var stats = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 60, Connect);
        output.WriteLine($"bob before the impairment: {stats}");
        Assert.True(stats.FramesDecoded > 60, $"bob decoded {stats.FramesDecoded} frames on a clean path");
        return (presenter, viewer);
    }

    private async Task<ClassroomPage> OpenAsync(NamespacedChromium browser, string room, string name, string role)
    {
        var page = new ClassroomPage(await browser.NewPageAsync(name), name);
        _pages.Add(page);
        await page.Page.GotoAsync(ClassroomPage.UrlFor(lab.BaseUrl, room, name, role));
        return page;
    }

    /// <summary>Frames kept coming every second, and no gap between them reached 500 ms.</summary>
    private static void AssertPlayedThrough(PlaybackReport playback)
    {
        Assert.True(playback.SecondsSampled >= playback.Seconds - 2, $"only {playback.SecondsSampled} seconds sampled");
        Assert.Equal(0, playback.SecondsWithoutFrames);
        Assert.True(playback.LongestGapMs <= 500, $"video froze for {playback.LongestGapMs:0} ms");
    }

    private void Report(string name, PlaybackReport playback, string extra)
    {
        string line = $"{name}: {playback}; {extra}";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("RTCLIVE_NETWORK_REPORT") is { Length: > 0 } file)
            File.AppendAllText(file, line + Environment.NewLine);
    }
}
