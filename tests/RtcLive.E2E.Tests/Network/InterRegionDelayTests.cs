using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Classroom;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// Two regions 80 ms apart (each way), as far as this machine can make them: the test's namespace is eu (Redis,
/// signaling and node eu-1 on 10.99.41.1), and the us namespace sits behind a <see cref="TunDelayLine"/> with node
/// us-1 (10.99.41.2) and a us viewer's Chromium. The presenter and an eu viewer are in a third namespace behind a
/// line without delay. The relay link from eu-1 to us-1, the us node's registry heartbeats and its control calls
/// all cross the 80 ms; the us viewer's media does not (its node is next to it). Glass-to-glass is measured on both
/// viewers from the probe.
/// </summary>
public sealed partial class InterRegionDelayTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int UsLine = 41, EuLine = 42;
    private const string EuAddress = "10.99.41.1", UsAddress = "10.99.41.2";
    private const string ControlToken = "e2e-regions-token-0123456789abcdef";
    private static readonly TimeSpan InterRegion = TimeSpan.FromMilliseconds(80);
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(40);

    private readonly List<IAsyncDisposable> _owned = [];
    private Process? _redis;
    private HostProcess? _signaling;
    private HostProcess? _usNode;
    private HostProcess? _euNode;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_class_across_an_80_ms_inter_region_path_plays_and_its_delay_is_measured()
    {
        LoopbackOnly.Require();
        var us = Own(await TunDelayLine.CreateAsync(UsLine, InterRegion, TimeSpan.Zero));
        var eu = Own(await TunDelayLine.CreateAsync(EuLine, TimeSpan.Zero, TimeSpan.Zero));
        int redisPort = FreePorts.Tcp();
        await StartRedisAsync(redisPort);
        string redis = $"{EuAddress}:{redisPort}";
        _euNode = Own(await StartNodeAsync("eu-1", "eu", EuAddress, redis, netns: null));
        _usNode = Own(await StartNodeAsync("us-1", "us", UsAddress, redis, netns: us.Client.NetPath));
        var signaling = Own(await ServerProcess.StartSignalingAsync(
        [
            $"--Kestrel:Endpoints:Http:Url=http://{EuAddress}:0",
            $"--RtcLive:Media:Bind={EuAddress}:0",
            $"--RtcLive:Cluster:Redis={redis}",
            $"--RtcLive:Sfu:ControlToken={ControlToken}",
            "--RtcLive:Region=eu",
            "--RtcLive:Placement:RegionCosts:eu-us=80",
            "--RtcLive:Hls:Enabled=false",
            // Every page of a namespace reaches signaling from one address.
            "--RtcLive:RateLimits:JoinPermits=1000",
        ]));
        _signaling = signaling;
        string baseUrl = signaling.Ready;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        await ClassroomPage.WaitForAsync(async () => (await http.GetFromJsonAsync<JsonElement>("/api/cluster")).GetProperty("nodes").GetArrayLength(),
            n => n == 2, TimeSpan.FromSeconds(20));

        var euBrowser = Own(await NamespacedChromium.LaunchAsync(eu.Client, baseUrl));
        var usBrowser = Own(await NamespacedChromium.LaunchAsync(us.Client, baseUrl));
        const string room = "regions-80ms";
        var presenter = await OpenAsync(euBrowser, baseUrl, room, "alice", "presenter", "&probe=1");
        Assert.Equal("connected", await presenter.WaitForStateAsync("connected", Connect));
        await presenter.WaitForStatsAsync(s => s.FramesSent > 30, Connect);
        var near = await OpenAsync(euBrowser, baseUrl, room, "erik", "viewer", "");
        var far = await OpenAsync(usBrowser, baseUrl, room, "uma", "viewer", "&region=us");

        var readings = new Dictionary<string, List<double>>();
        foreach (var (page, node) in new[] { (near, "eu-1"), (far, "us-1") })
        {
            var stats = await page.WaitForStatsAsync(s => s.FramesDecoded > 60 && s.GlassToGlassMs is not null, Connect);
            output.WriteLine($"{page.Name}: {stats}");
            Assert.Equal(node, stats.Node);
            Assert.True(stats.FramesDecoded > 60, $"{page.Name} decoded {stats.FramesDecoded} frames on {stats.Node}");
            readings[page.Name] = [];
        }
        // Ten readings a second apart on each viewer, interleaved so both see the same moments of the machine.
        for (int i = 0; i < 10; i++)
        {
            await Task.Delay(1000);
            foreach (var page in new[] { near, far })
                if ((await page.StatsAsync()).GlassToGlassMs is { } ms) readings[page.Name].Add(ms);
        }
        double nearMs = Median(readings["erik"]), farMs = Median(readings["uma"]);
        output.WriteLine(SpeedReport.Write("inter-region-80ms-glass-to-glass-same-region-ms", nearMs));
        output.WriteLine(SpeedReport.Write("inter-region-80ms-glass-to-glass-across-ms", farMs));
        output.WriteLine($"line to us: {us.Carried} packets carried");
        Assert.True(us.Carried > 1000, $"the inter-region line carried {us.Carried} packets: the link did not cross it");
        var links = (await http.GetFromJsonAsync<JsonElement>("/api/cluster")).GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("from").GetString(), l.GetProperty("to").GetString())).ToList();
        Assert.Contains(("eu-1", "us-1"), links);
    }

    private static double Median(List<double> values)
    {
        Assert.NotEmpty(values);
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<ClassroomPage> OpenAsync(NamespacedChromium browser, string baseUrl, string room, string name, string role, string extra)
    {
        var page = new ClassroomPage(await browser.NewPageAsync(name), name);
        await page.Page.GotoAsync(ClassroomPage.UrlFor(baseUrl, room, name, role, extra));
        return page;
    }

    private static Task<HostProcess> StartNodeAsync(string id, string region, string address, string redis, string? netns) =>
        HostProcess.StartAsync(RepositoryLayout.SfuNodeDll,
        [
            $"--Kestrel:Endpoints:Http:Url=http://{address}:0",
            $"--RtcLive:Media:Bind={address}:0",
            $"--RtcLive:Node:Id={id}",
            $"--RtcLive:Node:Region={region}",
            $"--RtcLive:Node:ControlToken={ControlToken}",
            $"--RtcLive:Cluster:Redis={redis}",
            "--Logging:LogLevel:RtcLive.Relay=Debug", // the link's steps, printed when the test ends
            "--Logging:LogLevel:RtcLive.WebRtc.Transport=Debug", // which ICE checks a node took or refused
        ], Registered(), TimeSpan.FromSeconds(40), netns);

    [GeneratedRegex(@"node (\S+) registered in the cluster")]
    private static partial Regex Registered();

    private async Task StartRedisAsync(int port)
    {
        var start = new ProcessStartInfo("/usr/bin/redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in new[] { "--bind", EuAddress, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--protected-mode", "no" })
            start.ArgumentList.Add(arg);
        _redis = Process.Start(start)!;
        _redis.BeginOutputReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Parse(EuAddress), port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async Task DisposeAsync()
    {
        if (_usNode is not null)
            foreach (string line in _usNode.Log.Where(l => l.Contains("warn") || l.Contains("fail") || l.Contains("uma") || l.Contains("ICE") || l.Contains("relay", StringComparison.OrdinalIgnoreCase)).Take(80))
                output.WriteLine("us-1: " + line);
        if (_euNode is not null)
            foreach (string line in _euNode.Log.Where(l => l.Contains("warn") || l.Contains("fail") || l.Contains("relay", StringComparison.OrdinalIgnoreCase)).Take(60))
                output.WriteLine("eu-1: " + line);
        if (_signaling is not null)
            foreach (string line in _signaling.Log.Where(l => l.Contains("warn") || l.Contains("fail")).Take(40))
                output.WriteLine("signaling: " + line);
        for (int i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
        _redis?.Dispose();
    }
}
