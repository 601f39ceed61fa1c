using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Classroom;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Sfu;

/// <summary>
/// The signaling instance a class joined through is killed with SIGKILL. The pages learned the other instance's
/// URL when they joined, reconnect through it on their own, and the class goes on on the same node.
/// </summary>
public sealed class SignalingFailoverBrowserTests(ChromiumHost chromium, LocalClusterWithTwoSignaling cluster, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<LocalClusterWithTwoSignaling>
{
    [Fact]
    public async Task Pages_reconnect_through_another_signaling_instance_when_theirs_is_killed()
    {
        const string room = "signaling-failover-101";
        // Both instances must be in the registry before the pages join, or the join names no other.
        using (var http = new HttpClient { BaseAddress = new Uri(cluster.BaseUrl) })
        {
            var instances = await ClassroomPage.WaitForAsync(async () => await http.GetFromJsonAsync<JsonElement>("/api/cluster"),
                view => view.GetProperty("signaling").GetArrayLength() == 2, TimeSpan.FromSeconds(15));
            Assert.Equal(cluster.SignalingUrls.Order(StringComparer.Ordinal),
                instances.GetProperty("signaling").EnumerateArray().Select(s => s.GetProperty("url").GetString()!).Order(StringComparer.Ordinal));
        }
        var presenter = await ClassroomPage.OpenAsync(chromium, cluster.BaseUrl, room, "alice", "presenter");
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        var viewer = await ClassroomPage.OpenAsync(chromium, cluster.BaseUrl, room, "bob", "viewer");
        Assert.Equal("connected", await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        var before = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 20, TimeSpan.FromSeconds(25));
        Assert.True(before.FramesDecoded > 20, $"bob decoded nothing before the kill: {before}");

        var clock = Stopwatch.StartNew();
        await cluster.KillFirstSignalingAsync();
        Assert.Equal("reconnecting", await viewer.WaitForStateAsync("reconnecting", TimeSpan.FromSeconds(5)));
        Assert.Equal("connected", await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(20)));
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", TimeSpan.FromSeconds(20)));
        // The totals restart with the new receive connection: frames from the republished camera.
        var after = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 10, TimeSpan.FromSeconds(20));
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"bob after the kill ({seconds.ToString("0.0", CultureInfo.InvariantCulture)} s): {after}");
        output.WriteLine(SpeedReport.Write("signaling-failover-to-frames-s", seconds));
        Assert.True(after.FramesDecoded > 10, $"bob decodes nothing after reconnecting: {after}");

        // The class is whole on the surviving instance: both see each other, and chat goes through it.
        var names = await ClassroomPage.WaitForAsync(viewer.ParticipantsAsync, p => p.Any(x => x.Name == "alice"), TimeSpan.FromSeconds(10));
        Assert.Contains(names, p => p.Name == "alice" && p.Publishing);
        await viewer.CallAsync("chat", "are we back?");
        var messages = await ClassroomPage.WaitForAsync(presenter.MessagesAsync, m => m.Any(x => x.Text == "are we back?"), TimeSpan.FromSeconds(10));
        Assert.Contains(messages, m => m.Text == "are we back?" && m.From == "bob");
        Assert.InRange(seconds, 0, 15);
    }
}
