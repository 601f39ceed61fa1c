using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Classroom;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Sfu;

/// <summary>
/// Redis restarted (empty, as without persistence) under a running class: media never touches Redis, so the class
/// goes on without a reconnect; nodes and signaling write their records again, nobody is declared dead for the
/// beat the registry was empty, and joins, chat and the cluster view work afterwards.
/// </summary>
public sealed class RedisRestartBrowserTests(ChromiumHost chromium, LocalCluster cluster, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<LocalCluster>
{
    [Fact]
    public async Task A_class_goes_on_through_a_redis_restart()
    {
        const string room = "redis-restart-101";
        var presenter = await ClassroomPage.OpenAsync(chromium, cluster.BaseUrl, room, "alice", "presenter");
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        var viewer = await ClassroomPage.OpenAsync(chromium, cluster.BaseUrl, room, "bob", "viewer");
        Assert.Equal("connected", await viewer.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        var before = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 20, TimeSpan.FromSeconds(25));
        Assert.True(before.FramesDecoded > 20, $"bob decoded nothing before the restart: {before}");

        // Watch both pages through the outage and a while after it: they must never leave 'connected'.
        using var watching = new CancellationTokenSource();
        var states = new List<string>();
        var watch = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                string p = await presenter.StateAsync(), v = await viewer.StateAsync();
                lock (states) states.Add($"{p}/{v}");
                await Task.Delay(200);
            }
        });
        var clock = Stopwatch.StartNew();
        await cluster.RestartRedisAsync(TimeSpan.FromSeconds(2));
        output.WriteLine($"redis back after {clock.Elapsed.TotalSeconds:0.0} s");

        // Every node writes its record again: the cluster view lists both, with the room on one.
        using var http = new HttpClient { BaseAddress = new Uri(cluster.BaseUrl) };
        var nodes = await ClassroomPage.WaitForAsync(async () => await SfuNodesAsync(http), n => n.Count == 2, TimeSpan.FromSeconds(15));
        output.WriteLine($"registry again after {clock.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", nodes)}");
        Assert.Equal(["eu-1", "eu-2"], nodes);

        // Frames keep coming on the same connection (the totals only grow: no rejoin reset them).
        var during = await viewer.WaitForStatsAsync(s => s.FramesDecoded > before.FramesDecoded + 60, TimeSpan.FromSeconds(15));
        Assert.True(during.FramesDecoded > before.FramesDecoded + 60, $"bob's frames stalled: before {before.FramesDecoded}, now {during}");
        Assert.Equal(before.Node, during.Node);
        await Task.Delay(TimeSpan.FromSeconds(4)); // past the registry's settling time: a wrongly declared death would show now
        await watching.CancelAsync();
        await watch;
        string[] seen;
        lock (states) seen = [.. states.Distinct()];
        output.WriteLine($"states seen (presenter/viewer): {string.Join(", ", seen)}");
        Assert.Equal(["connected/connected"], seen);

        // A late joiner is placed, gets the class, and chat crosses the (reconnected) backplane.
        var carol = await ClassroomPage.OpenAsync(chromium, cluster.BaseUrl, room, "carol", "viewer");
        Assert.Equal("connected", await carol.WaitForStateAsync("connected", TimeSpan.FromSeconds(25)));
        var late = await carol.WaitForStatsAsync(s => s.FramesDecoded > 10, TimeSpan.FromSeconds(25));
        Assert.True(late.FramesDecoded > 10, $"carol decodes nothing after the restart: {late}");
        await presenter.CallAsync("chat", "still here");
        var messages = await ClassroomPage.WaitForAsync(carol.MessagesAsync, m => m.Any(x => x.Text == "still here"), TimeSpan.FromSeconds(10));
        Assert.Contains(messages, m => m.Text == "still here" && m.From == "alice");
        Assert.Equal("connected", await viewer.StateAsync());
    }

    private static async Task<IReadOnlyList<string>> SfuNodesAsync(HttpClient http)
    {
        try
        {
            var view = await http.GetFromJsonAsync<JsonElement>("/api/cluster");
            return [.. view.GetProperty("nodes").EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == "sfu")
                .Select(n => n.GetProperty("id").GetString()!)
                .Order(StringComparer.Ordinal)];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }
}
