using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Classroom;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// Networks that block UDP (issue 9): a class whose every UDP datagram to and from the SFU's media port is dropped
/// (nftables in the test's namespace) still runs over ICE-TCP, and a viewer allowed only TURN relays over TCP
/// (coturn) watches through it. Headless Chromium with real servers; the path is read from the page's getStats().
/// </summary>
public sealed partial class BlockedUdpBrowserTests(ChromiumHost chromium, ITestOutputHelper output) : IClassFixture<ChromiumHost>
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(25);
    private const int Joins = 3;

    [Fact]
    public async Task With_udp_to_the_sfu_dropped_a_class_runs_over_ice_tcp()
    {
        int port = FreePorts.UdpAndTcp();
        await using var server = await ServerProcess.StartSignalingAsync([$"--RtcLive:Media:Bind=127.0.0.1:{port}", "--RtcLive:RateLimits:JoinPermits=1000"]);
        string baseUrl = server.Ready;
        Assert.Contains(server.Log, l => l.Contains($"ICE-TCP tcp://127.0.0.1:{port}", StringComparison.Ordinal));

        // First over UDP, for comparison: the same server, the same pages.
        var overUdp = await MeasureJoinsAsync(baseUrl, "open-network", expectedProtocol: "udp");

        await using var block = await UdpPortBlock.ApplyAsync(port);
        var overTcp = await MeasureJoinsAsync(baseUrl, "udp-blocked", expectedProtocol: "tcp");
        long dropped = await block.DroppedAsync();
        output.WriteLine($"UDP datagrams to/from port {port} dropped: {dropped}");
        Assert.True(dropped > 0, "no UDP datagram was dropped: the browsers never tried UDP, so the test proved nothing");

        string metrics = await new HttpClient().GetStringAsync($"{baseUrl}/metrics");
        long PacketsIn() => long.Parse(IceTcpPacketsIn().Match(metrics).Groups[1].Value, CultureInfo.InvariantCulture);
        output.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("rtclive_ice_tcp", StringComparison.Ordinal))));
        Assert.True(PacketsIn() > 100, "the node counted no ICE-TCP traffic");

        double udpP50 = Median(overUdp), tcpP50 = Median(overTcp);
        output.WriteLine(SpeedReport.Write("join-to-first-frame-udp-p50-ms", udpP50));
        output.WriteLine(SpeedReport.Write("join-to-first-frame-ice-tcp-p50-ms", tcpP50));
    }

    /// <summary>A presenter, then <see cref="Joins"/> viewers one after another: each must decode frames over <paramref name="expectedProtocol"/>.</summary>
    private async Task<List<double>> MeasureJoinsAsync(string baseUrl, string room, string expectedProtocol)
    {
        var presenter = await ClassroomPage.OpenAsync(chromium, baseUrl, room, "presenter", "presenter", "&probe=1");
        var joins = new List<double>();
        try
        {
            Assert.Equal("connected", await presenter.WaitForStateAsync("connected", Connect));
            var sending = await presenter.WaitForStatsAsync(s => s.FramesSent > 20, TimeSpan.FromSeconds(20));
            Assert.True(sending.FramesSent > 20, $"the presenter sent {sending.FramesSent} frames");

            for (int i = 1; i <= Joins; i++)
            {
                var clock = Stopwatch.StartNew();
                var viewer = await ClassroomPage.OpenAsync(chromium, baseUrl, room, $"v{i}", "viewer");
                try
                {
                    var first = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 0, Connect);
                    joins.Add(clock.Elapsed.TotalMilliseconds);
                    Assert.True(first.FramesDecoded > 0, $"{room} v{i} decoded no frame: state {await viewer.StateAsync()}, {await viewer.MessageAsync()}");

                    // Keeps decoding, over the expected path.
                    var later = await viewer.WaitForStatsAsync(s => s.FramesDecoded > first.FramesDecoded + 30, TimeSpan.FromSeconds(15));
                    output.WriteLine($"{room} v{i}: first frame {joins[^1]:0} ms after opening; {later}");
                    Assert.True(later.FramesDecoded > first.FramesDecoded + 30, $"frames stalled: {first.FramesDecoded} → {later.FramesDecoded}");
                    var pair = later.CandidatePair;
                    Assert.NotNull(pair);
                    Assert.Equal(expectedProtocol, pair.Local.Protocol);
                    Assert.Equal(expectedProtocol, pair.Remote.Protocol);
                    Assert.Equal("host", pair.Remote.CandidateType); // the node's own candidate, no relay
                    Assert.Equal("connected", await viewer.StateAsync());
                }
                finally
                {
                    await viewer.Page.Context.CloseAsync();
                }
            }
            var presenterStats = await presenter.StatsAsync();
            Assert.True(presenterStats.FramesSent > 0);
        }
        finally
        {
            await presenter.Page.Context.CloseAsync();
        }
        output.WriteLine($"{room} ({expectedProtocol}): join to first frame, each (ms): {string.Join(", ", joins.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}");
        return joins;
    }

    [Fact]
    public async Task A_viewer_allowed_only_turn_relays_watches_through_coturn_over_tcp()
    {
        string secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using var coturn = await CoturnProcess.StartAsync(secret);
        await using var server = await ServerProcess.StartSignalingAsync(
        [
            $"--RtcLive:Turn:Urls:0=turn:127.0.0.1:{coturn.Port}?transport=tcp",
            $"--RtcLive:Turn:Secret={secret}",
        ]);
        string baseUrl = server.Ready;

        var presenter = await ClassroomPage.OpenAsync(chromium, baseUrl, "relayed", "presenter", "presenter", "&probe=1");
        try
        {
            Assert.Equal("connected", await presenter.WaitForStateAsync("connected", Connect));
            var viewer = await ClassroomPage.OpenAsync(chromium, baseUrl, "relayed", "far-away", "viewer", "&ice=relay");
            var stats = await viewer.WaitForStatsAsync(s => s.FramesDecoded > 60 && s.CandidatePair is not null, TimeSpan.FromSeconds(30));
            output.WriteLine($"viewer: {stats}");
            if (stats.FramesDecoded == 0) output.WriteLine("coturn:\n" + string.Join('\n', coturn.Log.TakeLast(40)));
            Assert.True(stats.FramesDecoded > 60, $"the relayed viewer decoded {stats.FramesDecoded} frames: {await viewer.MessageAsync()}");
            var pair = stats.CandidatePair!;
            Assert.Equal("relay", pair.Local.CandidateType);
            Assert.Equal("tcp", pair.Local.RelayProtocol); // browser to coturn over TCP
            Assert.Equal("udp", pair.Local.Protocol);      // coturn to the node over UDP
            Assert.Equal("host", pair.Remote.CandidateType);
            // A relay candidate exists only after coturn accepted an Allocate signed with the credentials the join
            // issued (use-auth-secret answers anything else with 401), so this pair is the issued credentials at work.
        }
        finally
        {
            await presenter.Page.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"rtclive_ice_tcp_packets_total\{direction=""in""\} (\d+)")]
    private static partial Regex IceTcpPacketsIn();

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
