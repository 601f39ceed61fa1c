using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// A lesson with the bundled client, driven through window.rtclive: a presenter, a moderator and two viewers
/// (few pages: these machines have two cores). Hands, the stage, chat, screen share, removal, ending the class.
/// </summary>
public sealed class ClassroomInteractionTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan Media = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task A_raised_hand_is_brought_on_stage_heard_by_all_and_taken_off_again()
    {
        const string room = "lesson-stage";
        var alice = await OpenConnectedAsync(room, "alice", "presenter");
        var mia = await OpenConnectedAsync(room, "mia", "moderator");
        var bob = await OpenConnectedAsync(room, "bob", "viewer");
        var carol = await OpenConnectedAsync(room, "carol", "viewer");

        // A viewer may not run the stage: refused with a reason, and nothing changes.
        string? refused = await bob.RejectionOfCallAsync("promote", "carol");
        output.WriteLine($"viewer promoting: {refused}");
        Assert.NotNull(refused);
        Assert.Contains("a viewer may not promote", refused);
        Assert.Equal("viewer", (await mia.ParticipantsAsync()).Single(p => p.Name == "carol").Role);

        await bob.CallAsync("raiseHand");
        var seen = await ClassroomPage.WaitForAsync(mia.ParticipantsAsync, ps => ps.Any(p => p.Name == "bob" && p.HandRaised), Connect);
        Assert.True(seen.Single(p => p.Name == "bob").HandRaised, "the moderator never saw bob's hand");
        Assert.True((await ClassroomPage.WaitForAsync(alice.ParticipantsAsync, ps => ps.Any(p => p.Name == "bob" && p.HandRaised), Connect))
            .Single(p => p.Name == "bob").HandRaised, "the presenter never saw bob's hand");
        await SaveScreenshotAsync(alice, "classroom-presenter-hands.png");

        await mia.CallAsync("promote", "bob");
        // Bob's page starts publishing on its own; the presenter and the other viewer decode his camera.
        var atAlice = await alice.WaitForStatsAsync(s => BobsCameraFrames(s) > 20, Media);
        output.WriteLine($"alice: {atAlice}");
        Assert.True(BobsCameraFrames(atAlice) > 20, $"the presenter decoded {BobsCameraFrames(atAlice)} frames of bob's camera");
        Assert.True(atAlice.FramesDecoded >= BobsCameraFrames(atAlice), "a presenter's totals count the speakers' video");
        var atCarol = await carol.WaitForStatsAsync(s => BobsCameraFrames(s) > 20, Media);
        Assert.True(BobsCameraFrames(atCarol) > 20, $"carol decoded {BobsCameraFrames(atCarol)} frames of bob's camera");
        var bobNow = (await mia.ParticipantsAsync()).Single(p => p.Name == "bob");
        Assert.Equal(("speaker", false, true), (bobNow.Role, bobNow.HandRaised, bobNow.Publishing));
        Assert.True((await bob.StatsAsync()).FramesSent > 0, "bob sends nothing");
        await SaveScreenshotAsync(carol, "classroom-viewer-with-speaker.png");
        await SaveScreenshotAsync(mia, "classroom-moderator.png");

        // Taken off stage: within a second nothing of bob reaches carol any more.
        await mia.CallAsync("demote", "bob");
        await Task.Delay(1000);
        long before = BobsCameraFrames(await carol.StatsAsync());
        await Task.Delay(1500);
        var after = await carol.StatsAsync();
        output.WriteLine($"carol after the demotion: {after}");
        Assert.True(BobsCameraFrames(after) <= before, $"bob's camera still reaches carol: {before} → {BobsCameraFrames(after)} frames");
        var listed = await ClassroomPage.WaitForAsync(mia.ParticipantsAsync, ps => ps.Any(p => p is { Name: "bob", Role: "viewer", Publishing: false }), Connect);
        output.WriteLine($"mia's list after the demotion: {string.Join(", ", listed)}; bob: {await bob.StateAsync()} {await bob.MessageAsync()}");
        Assert.Contains(listed, p => p is { Name: "bob", Role: "viewer", Publishing: false });
        Assert.Equal("connected", await bob.StateAsync());
        Assert.Equal(0, (await bob.Page.EvaluateAsync<int>("() => document.querySelectorAll('figure.self:not([hidden])').length")));
    }

    [Fact]
    public async Task Chat_reaches_everyone_a_late_joiner_reads_the_history_and_floods_are_refused_politely()
    {
        const string room = "lesson-chat";
        var alice = await OpenConnectedAsync(room, "alice", "presenter");
        var bob = await OpenConnectedAsync(room, "bob", "viewer");

        await bob.CallAsync("chat", "<img src=x onerror=alert(1)> is this on the exam?");
        await alice.CallAsync("chat", "yes");
        var atAlice = await ClassroomPage.WaitForAsync(alice.MessagesAsync, ms => ms.Count >= 2, Connect);
        Assert.Equal([("bob", "<img src=x onerror=alert(1)> is this on the exam?"), ("alice", "yes")], atAlice.Select(m => (m.From, m.Text)));
        // Shown as text: the markup is visible, no element was made of it.
        Assert.Equal(0, await alice.Page.Locator(".chat-log img").CountAsync());
        Assert.Contains("<img src=x onerror=alert(1)>", await alice.Page.Locator(".chat-log").InnerTextAsync());

        string? huge = await bob.RejectionOfCallAsync("chat", new string('x', 100_000));
        output.WriteLine($"100 kB message: {huge}");
        Assert.NotNull(huge);
        Assert.Contains("at most 1000 characters", huge);

        int refusedInBurst = await bob.Page.EvaluateAsync<int>("""
            async () => {
              let refused = 0;
              for (let i = 0; i < 100; i++) {
                try { await window.rtclive.chat('burst ' + i); } catch (e) { if (e instanceof Error) refused++; }
              }
              return refused;
            }
            """);
        output.WriteLine($"burst of 100: {refusedInBurst} refused");
        Assert.InRange(refusedInBurst, 80, 99);
        Assert.Equal("connected", await bob.StateAsync());
        Assert.Equal("connected", await alice.StateAsync());

        var carol = await OpenConnectedAsync(room, "carol", "viewer");
        var history = await ClassroomPage.WaitForAsync(carol.MessagesAsync, ms => ms.Count >= 2, Connect);
        Assert.Equal("<img src=x onerror=alert(1)> is this on the exam?", history[0].Text);
        Assert.Equal(2 + (100 - refusedInBurst), history.Count);
        await SaveScreenshotAsync(carol, "classroom-chat.png");
    }

    [Fact]
    public async Task A_screen_share_reaches_viewers_as_a_second_video_and_stops()
    {
        const string room = "lesson-screen";
        var alice = await OpenConnectedAsync(room, "alice", "presenter");
        var bob = await OpenConnectedAsync(room, "bob", "viewer");

        await alice.CallAsync("shareScreen");
        var withScreen = await bob.WaitForStatsAsync(s => s.Tracks.Any(t => t is { Source: "screen", Kind: "video" } && t.FramesDecoded > 10), Media);
        output.WriteLine($"bob with the screen: {withScreen}");
        Assert.Contains(withScreen.Tracks, t => t is { From: "alice", Source: "screen", Kind: "video" } && t.FramesDecoded > 10);
        Assert.Contains(withScreen.Tracks, t => t is { From: "alice", Source: "camera", Kind: "video" } && t.FramesDecoded > 0);
        await SaveScreenshotAsync(bob, "classroom-screen-share.png");

        await alice.CallAsync("stopScreen");
        var without = await bob.WaitForStatsAsync(s => s.Tracks.All(t => t.Source != "screen"), Media);
        Assert.DoesNotContain(without.Tracks, t => t.Source == "screen");
        Assert.Contains(without.Tracks, t => t.Source == "camera");
    }

    [Fact]
    public async Task A_removed_participant_cannot_come_back_and_ending_the_class_ends_every_page()
    {
        const string room = "lesson-end";
        var mia = await OpenConnectedAsync(room, "mia", "moderator");
        var alice = await OpenConnectedAsync(room, "alice", "presenter");
        var bob = await OpenConnectedAsync(room, "bob", "viewer");

        string? presenterRemoving = await alice.RejectionOfCallAsync("remove", "bob");
        Assert.NotNull(presenterRemoving);
        Assert.Contains("only moderators may", presenterRemoving);

        await mia.CallAsync("remove", "bob");
        Assert.Equal("removed", await bob.WaitForStateAsync("removed", Connect));
        await bob.Page.ReloadAsync();
        string afterReload = await bob.WaitForStateAsync("failed", Connect);
        output.WriteLine($"bob after reloading: {afterReload}: {await bob.MessageAsync()}");
        Assert.Equal("failed", afterReload);
        Assert.Contains("removed", await bob.MessageAsync());
        Assert.DoesNotContain(await mia.ParticipantsAsync(), p => p.Name == "bob");

        await mia.CallAsync("endClass");
        Assert.Equal("ended", await alice.WaitForStateAsync("ended", Connect));
        Assert.Equal("ended", await mia.WaitForStateAsync("ended", Connect));
        await SaveScreenshotAsync(alice, "classroom-ended.png");
    }

    private static long BobsCameraFrames(ClassroomStats stats) =>
        stats.Tracks.Where(t => t is { From: "bob", Source: "camera", Kind: "video" }).Sum(t => t.FramesDecoded);

    private async Task<ClassroomPage> OpenConnectedAsync(string room, string name, string role)
    {
        var page = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, name, role);
        string state = await page.WaitForStateAsync("connected", Connect);
        Assert.True(state == "connected", $"{name} is {state}: {await page.MessageAsync()}");
        return page;
    }

    private static async Task SaveScreenshotAsync(ClassroomPage page, string file) =>
        await page.Page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDir, file), FullPage = true });
}
