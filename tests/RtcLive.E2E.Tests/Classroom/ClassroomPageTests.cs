using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// The web client against the real server (embedded mode, its own process), as a user and as the automation
/// contract meet it: a presenter sending the latency probe, two viewers, layer choice, reload, a second tab.
/// These machines have two cores: the pages are few and the waits generous.
/// </summary>
public sealed class ClassroomPageTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_presenter_and_two_viewers_meet_in_a_class_through_the_sfu()
    {
        const string room = "physics-101";
        var presenter = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "alice", "presenter", "&probe=1");
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", Connect));

        var viewers = new List<ClassroomPage>();
        foreach (string name in new[] { "bob", "carol" })
            viewers.Add(await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, name, "viewer"));

        // Both viewers connect, decode the presenter's video, receive its audio and read the probe's clock.
        foreach (var viewer in viewers)
        {
            Assert.Equal("connected", await viewer.WaitForStateAsync("connected", Connect));
            var stats = await viewer.WaitForStatsAsync(
                s => s.FramesDecoded > 30 && s.AudioPacketsReceived > 20 && s.GlassToGlassMs is not null, TimeSpan.FromSeconds(20));
            output.WriteLine($"{viewer.Name}: {stats}");
            Assert.True(stats.FramesDecoded > 30, $"{viewer.Name} decoded {stats.FramesDecoded} frames");
            Assert.Contains(stats.Tracks, t => t is { Kind: "video", Source: "camera", From: "alice" } && t.FramesDecoded > 0);
            Assert.Contains(stats.Tracks, t => t is { Kind: "audio", Source: "microphone", From: "alice" } && t.PacketsReceived > 0);
            Assert.NotNull(stats.GlassToGlassMs);
            Assert.InRange(stats.GlassToGlassMs!.Value, 0, 999);
            Assert.Equal("local", stats.Node);
            Assert.Equal(0, stats.FramesSent);
            Assert.Equal(0, stats.BytesSent);
        }

        var presenterStats = await presenter.StatsAsync();
        output.WriteLine($"alice: {presenterStats}");
        Assert.True(presenterStats.FramesSent > 0, "the presenter sent no frames");
        Assert.Equal(0, presenterStats.FramesDecoded); // nobody else publishes: a presenter's totals count what it receives

        await SaveScreenshotAsync(presenter, "classroom-presenter.png");
        await SaveScreenshotAsync(viewers[0], "classroom-viewer.png");
        await viewers[1].Page.SetViewportSizeAsync(390, 844);
        await SaveScreenshotAsync(viewers[1], "classroom-viewer-phone.png");

        // A viewer never publishes, and the server refuses it when it tries.
        var bob = viewers[0];
        string? refusal = await bob.RejectionOfAsync(
            "() => window.rtcliveDebug.invoke('Publish', { sdp: 'v=0\\r\\n', tracks: [{ mid: '0', source: 'camera' }] })");
        output.WriteLine($"viewer publishing: {refusal}");
        Assert.NotNull(refusal);
        Assert.StartsWith("Error: Publish refused: ", refusal);
        Assert.Equal("connected", await bob.StateAsync());
        Assert.Equal(0, (await bob.StatsAsync()).FramesSent);

        // A wrong layer name is an Error that says why.
        string? badLayer = await bob.RejectionOfAsync("() => window.rtclive.setLayer('xl')");
        Assert.NotNull(badLayer);
        Assert.Contains("xl", badLayer);

        // On 'auto' the layer climbs as the presenter's estimate grows; setLayer('q') brings the low layer, and
        // frames keep coming through the switch; 'auto' climbs back.
        var upper = await bob.WaitForStatsAsync(s => s.Layer is "h" or "f", TimeSpan.FromSeconds(25));
        output.WriteLine($"bob before choosing: {upper}");
        Assert.True(upper.Layer is "h" or "f", $"auto never left layer {upper.Layer ?? "none"}");
        await bob.SetLayerAsync("q");
        var before = await bob.StatsAsync();
        var low = await bob.WaitForStatsAsync(s => s.Layer == "q" && s.FramesDecoded > before.FramesDecoded + 30, TimeSpan.FromSeconds(15));
        output.WriteLine($"bob on q: {low}");
        Assert.Equal("q", low.Layer);
        Assert.True(low.FramesDecoded > before.FramesDecoded + 30, $"frames stalled on the low layer: {before.FramesDecoded} → {low.FramesDecoded}");
        Assert.NotNull(low.GlassToGlassMs);

        await bob.SetLayerAsync("auto");
        var switched = await bob.StatsAsync();
        var climbed = await bob.WaitForStatsAsync(s => s.Layer is "h" or "f" && s.FramesDecoded > switched.FramesDecoded + 30, TimeSpan.FromSeconds(25));
        output.WriteLine($"bob on auto: {climbed}");
        Assert.True(climbed.Layer is "h" or "f", $"auto stayed on layer {climbed.Layer ?? "none"}");
        Assert.True(climbed.FramesDecoded > switched.FramesDecoded + 30, $"frames stalled after auto: {switched.FramesDecoded} → {climbed.FramesDecoded}");

        // A lost connection comes back on its own: 'reconnecting', then 'connected', and video flows again.
        var carol = viewers[1];
        await carol.Page.EvaluateAsync("""
            () => {
              window.__states = [window.rtclive.state];
              setInterval(() => { const s = window.rtclive.state; if (window.__states.at(-1) !== s) window.__states.push(s); }, 5);
            }
            """);
        await carol.Page.EvaluateAsync("() => window.rtcliveDebug.dropConnection()");
        await Task.Delay(500);
        Assert.Equal("connected", await carol.WaitForStateAsync("connected", Connect));
        var states = await carol.Page.EvaluateAsync<string[]>("() => window.__states");
        output.WriteLine($"carol after a lost connection: {string.Join(" → ", states)}");
        Assert.Equal(["connected", "reconnecting", "connected"], states);
        var resumed = await carol.WaitForStatsAsync(s => s.FramesDecoded > 15 && s.AudioPacketsReceived > 0, TimeSpan.FromSeconds(20));
        output.WriteLine($"carol after reconnecting: {resumed}");
        Assert.True(resumed.FramesDecoded > 15, $"carol decoded {resumed.FramesDecoded} frames after reconnecting");

        // A reloaded viewer reconnects and receives again; the class still counts three people.
        await carol.Page.ReloadAsync();
        Assert.Equal("connected", await carol.WaitForStateAsync("connected", Connect));
        var again = await carol.WaitForStatsAsync(s => s.FramesDecoded > 15 && s.AudioPacketsReceived > 0, TimeSpan.FromSeconds(20));
        output.WriteLine($"carol after reload: {again}");
        Assert.True(again.FramesDecoded > 15, $"carol decoded {again.FramesDecoded} frames after reloading");
        Assert.Equal(3, await WaitForParticipantCountAsync(presenter, 3));

        // The same name in a second tab takes over; the first tab stops and says why, without reconnecting.
        var bobAgain = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "bob", "viewer");
        Assert.Equal("connected", await bobAgain.WaitForStateAsync("connected", Connect));
        Assert.Equal("failed", await bob.WaitForStateAsync("failed", TimeSpan.FromSeconds(5)));
        string message = await bob.MessageAsync();
        output.WriteLine($"first bob tab: {message}");
        Assert.Contains("another tab", message);
        await Task.Delay(1500);
        Assert.Equal("failed", await bob.StateAsync());
        Assert.Equal("connected", await bobAgain.StateAsync());
        await bobAgain.Page.CloseAsync();
    }

    [Fact]
    public async Task The_landing_page_joins_a_class_by_name_and_role_and_bad_settings_fail_clearly()
    {
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(server.BaseUrl + "/");
        Assert.Equal("idle", await page.EvaluateAsync<string>("() => window.rtclive.state"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDir, "classroom-landing.png"), FullPage = true });

        await page.GetByLabel("Class name").FillAsync("chemistry");
        await page.GetByLabel("Your name").FillAsync("dave");
        await page.GetByLabel("Viewer").CheckAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Join class" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("room=chemistry") && url.Contains("name=dave") && url.Contains("role=viewer") && url.Contains("autojoin=1"));
        var dave = new ClassroomPage(page, "dave");
        Assert.Equal("connected", await dave.WaitForStateAsync("connected", Connect));
        var stats = await dave.StatsAsync();
        Assert.Equal("local", stats.Node);
        Assert.Null(stats.Layer);
        Assert.Null(stats.GlassToGlassMs);
        Assert.Empty(stats.Tracks);

        // HLS is for watching: a presenter asking for it is told why not.
        var hls = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, "chemistry", "erin", "presenter", "&transport=hls");
        Assert.Equal("failed", await hls.WaitForStateAsync("failed", TimeSpan.FromSeconds(5)));
        Assert.Contains("HLS is for watching", await hls.MessageAsync());

        var forged = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, "chemistry", "mallory", "moderator", "&token=not.a.token");
        Assert.Equal("failed", await forged.WaitForStateAsync("failed", TimeSpan.FromSeconds(10)));
        string why = await forged.MessageAsync();
        output.WriteLine($"forged token: {why}");
        Assert.Contains("token", why, StringComparison.OrdinalIgnoreCase);
        string? refused = await forged.RejectionOfAsync("() => window.rtclive.setLayer('q')");
        Assert.NotNull(refused);
        Assert.StartsWith("Error: ", refused);
    }

    private static async Task<int> WaitForParticipantCountAsync(ClassroomPage page, int expected)
    {
        int count = 0;
        for (int i = 0; i < 25; i++)
        {
            count = await page.Page.Locator(".people li").CountAsync();
            if (count == expected) break;
            await Task.Delay(200);
        }
        return count;
    }

    private static Task SaveScreenshotAsync(ClassroomPage page, string file) =>
        page.Page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDir, file), FullPage = true });
}
