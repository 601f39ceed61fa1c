using System.Text.Json;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Classroom;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Sfu;

/// <summary>
/// The web client through signaling and a standalone SFU node, each its own process: the pages talk SignalR to
/// signaling and UDP to the node; signaling reaches the node only over its HTTP control API.
/// </summary>
public sealed class StandaloneNodeBrowserTests(ChromiumHost chromium, StandaloneNodeServer server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<StandaloneNodeServer>
{
    [Fact]
    public async Task A_viewer_watches_the_presenter_through_a_standalone_node()
    {
        const string room = "node-101";
        var presenter = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "alice", "presenter");
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", TimeSpan.FromSeconds(20)));
        var viewer = await ClassroomPage.OpenAsync(chromium, server.BaseUrl, room, "bob", "viewer");
        Assert.Equal("connected", await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(20)));

        var stats = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 30 && s.AudioPacketsReceived > 20, TimeSpan.FromSeconds(20));
        output.WriteLine($"bob: {stats}");
        Assert.True(stats.FramesDecoded > 30, $"bob decoded {stats.FramesDecoded} frames");
        Assert.True(stats.AudioPacketsReceived > 20, $"bob received {stats.AudioPacketsReceived} audio packets");
        Assert.Equal(StandaloneNodeServer.NodeId, stats.Node);
        Assert.Equal(StandaloneNodeServer.NodeId, (await presenter.StatsAsync()).Node);

        using var http = new HttpClient();
        using var cluster = JsonDocument.Parse(await http.GetStringAsync(server.BaseUrl + "/api/cluster"));
        var node = Assert.Single(cluster.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal((StandaloneNodeServer.NodeId, "eu"), (node.GetProperty("id").GetString(), node.GetProperty("region").GetString()));
        Assert.NotEqual(Environment.ProcessId, node.GetProperty("pid").GetInt32());
    }
}
