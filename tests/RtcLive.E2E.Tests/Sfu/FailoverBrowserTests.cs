using System.Diagnostics;
using System.Globalization;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Classroom;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Sfu;

/// <summary>
/// Failover with the real processes: the node carrying a class is killed with SIGKILL; signaling notices at
/// once (its event stream breaks), tells the pages to rejoin, and places them on the other node.
/// </summary>
public sealed class FailoverBrowserTests(ChromiumHost chromium, LocalCluster cluster, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<LocalCluster>
{
    [Fact]
    public async Task Viewers_decode_again_on_another_node_after_their_node_is_killed()
    {
        const string room = "failover-101";
        var presenter = await ClassroomPage.OpenAsync(chromium, cluster.BaseUrl, room, "alice", "presenter");
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        var viewer = await ClassroomPage.OpenAsync(chromium, cluster.BaseUrl, room, "bob", "viewer");
        Assert.Equal("connected", await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        var before = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 20, TimeSpan.FromSeconds(25));
        string first = before.Node!;
        output.WriteLine($"bob on {first}: {before}");
        Assert.True(before.FramesDecoded > 20, "bob decoded nothing before the kill");
        Assert.Equal(first, (await presenter.StatsAsync()).Node);

        var clock = Stopwatch.StartNew();
        await cluster.KillNodeAsync(first);
        // Frames decoded on the new node (the totals restart with the new receive connection).
        var after = await viewer.WaitForStatsAsync(s => s.Node != first && s.FramesDecoded > 5, TimeSpan.FromSeconds(20));
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"bob after the kill ({seconds.ToString("0.0", CultureInfo.InvariantCulture)} s): {after}");
        output.WriteLine(SpeedReport.Write("failover-to-frames-s", seconds));
        Assert.NotEqual(first, after.Node);
        Assert.True(after.FramesDecoded > 5, $"bob decodes nothing on {after.Node}");
        Assert.Equal("connected", await viewer.StateAsync());
        Assert.InRange(seconds, 0, 10);
    }
}
