using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>
/// A small cluster as separate processes on free loopback ports, started as an operator starts one: redis-server,
/// SFU nodes eu-1 and eu-2 (region eu) registering in it, and signaling instances in cluster mode serving the
/// web client (one; two with <see cref="LocalClusterWithTwoSignaling"/>). Nodes and signaling instances can be
/// killed (SIGKILL) and Redis restarted, to test failover.
/// </summary>
public partial class LocalCluster : IAsyncLifetime
{
    private const string ControlToken = "e2e-cluster-token-0123456789abcdef";
    // One token secret for every signaling instance, as an operator configures a cluster: a page's token is good on any.
    private const string AuthSecret = "e2e-cluster-auth-secret-0123456789abcdef";
    private readonly Dictionary<string, HostProcess> _nodes = new(StringComparer.Ordinal);
    private readonly List<HostProcess> _signaling = [];
    private HostProcess? _hlsWorker;
    private Process? _redis;
    private int _redisPort;

    /// <summary>The first signaling instance (the one pages open).</summary>
    public string BaseUrl => _signaling.Count > 0 ? _signaling[0].Ready : "";

    /// <summary>Every signaling instance still running, the first first.</summary>
    public IReadOnlyList<string> SignalingUrls => _signaling.Select(s => s.Ready).ToArray();

    protected virtual int SignalingInstances => 1;

    /// <summary>The SFU nodes to start: id and region.</summary>
    protected virtual IReadOnlyList<(string Id, string Region)> Nodes => [("eu-1", "eu"), ("eu-2", "eu")];

    /// <summary>The region of the signaling instance numbered <paramref name="index"/> (from 0).</summary>
    protected virtual string SignalingRegion(int index) => "eu";

    /// <summary>Whether an HLS worker (<c>hls-eu</c>, region eu) runs beside the nodes.</summary>
    protected virtual bool HlsWorker => false;

    /// <summary>The HLS worker's base URL; empty when the cluster has none.</summary>
    public string HlsWorkerUrl => _hlsWorker?.Ready ?? "";

    /// <summary>What the HLS worker printed (for a failing test's output).</summary>
    public IReadOnlyList<string> HlsWorkerLog => _hlsWorker?.Log ?? [];

    public async Task InitializeAsync()
    {
        _redisPort = FreePort();
        await StartRedisAsync();
        foreach (var (id, region) in Nodes)
        {
            _nodes[id] = await HostProcess.StartAsync(RepositoryLayout.SfuNodeDll,
            [
                "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
                "--RtcLive:Media:Bind=127.0.0.1:0",
                $"--RtcLive:Node:Id={id}",
                $"--RtcLive:Node:Region={region}",
                $"--RtcLive:Node:ControlToken={ControlToken}",
                $"--RtcLive:Cluster:Redis=127.0.0.1:{_redisPort}",
            ], Registered(), TimeSpan.FromSeconds(40));
        }
        if (HlsWorker)
        {
            _hlsWorker = await HostProcess.StartAsync(RepositoryLayout.HlsWorkerDll,
            [
                "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
                "--RtcLive:HlsWorker:Id=hls-eu",
                "--RtcLive:HlsWorker:Region=eu",
                $"--RtcLive:HlsWorker:ControlToken={ControlToken}",
                $"--RtcLive:Cluster:Redis=127.0.0.1:{_redisPort}",
            ], WorkerUp(), TimeSpan.FromSeconds(40));
        }
        for (int i = 0; i < SignalingInstances; i++)
        {
            _signaling.Add(await ServerProcess.StartSignalingAsync(
            [
                $"--RtcLive:Cluster:Redis=127.0.0.1:{_redisPort}",
                $"--RtcLive:Sfu:ControlToken={ControlToken}",
                $"--RtcLive:Region={SignalingRegion(i)}",
                "--RtcLive:Placement:RegionCosts:eu-us=80",
                $"--RtcLive:Auth:Secret={AuthSecret}",
                $"--RtcLive:Signaling:Id=signaling-{i + 1}",
            ]));
        }
    }

    /// <summary>Kills the node's process outright, as a crash or an OOM kill would.</summary>
    public async Task KillNodeAsync(string id)
    {
        if (_nodes.Remove(id, out var node)) await node.DisposeAsync();
    }

    /// <summary>Kills the first signaling instance outright; the next one becomes the first.</summary>
    public async Task KillFirstSignalingAsync()
    {
        var first = _signaling[0];
        _signaling.RemoveAt(0);
        await first.DisposeAsync();
    }

    /// <summary>Kills redis-server and starts an empty one on the same port after <paramref name="down"/>, as a restart without persistence does.</summary>
    public async Task RestartRedisAsync(TimeSpan down)
    {
        await StopRedisAsync();
        await Task.Delay(down);
        await StartRedisAsync();
    }

    private async Task StartRedisAsync()
    {
        var start = new ProcessStartInfo("/usr/bin/redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in (string[])["--bind", "127.0.0.1", "--port", _redisPort.ToString(), "--save", "", "--appendonly", "no"])
            start.ArgumentList.Add(arg);
        _redis = Process.Start(start)!;
        _redis.BeginOutputReadLine();
        await WaitForPortAsync(_redisPort);
    }

    private async Task StopRedisAsync()
    {
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
        _redis?.Dispose();
        _redis = null;
    }

    [GeneratedRegex(@"RtcLive HLS worker \S+ is up: (http://[0-9.:]+)/hls")]
    private static partial Regex WorkerUp();

    [GeneratedRegex(@"node (\S+) registered in the cluster")]
    private static partial Regex Registered();

    public async Task DisposeAsync()
    {
        foreach (var signaling in _signaling) await signaling.DisposeAsync();
        if (_hlsWorker is not null) await _hlsWorker.DisposeAsync();
        foreach (var node in _nodes.Values) await node.DisposeAsync();
        await StopRedisAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}

/// <summary><see cref="LocalCluster"/> with two signaling instances, to kill one under its pages.</summary>
public sealed class LocalClusterWithTwoSignaling : LocalCluster
{
    protected override int SignalingInstances => 2;
}

/// <summary>
/// Two regions as <c>./run.sh cluster</c> lays them out: eu-1 and us-1, a signaling instance in each (the first in
/// eu, the second in us), eu and us 80 apart.
/// </summary>
public sealed class LocalClusterTwoRegions : LocalCluster
{
    protected override int SignalingInstances => 2;

    protected override bool HlsWorker => true;

    protected override IReadOnlyList<(string Id, string Region)> Nodes => [("eu-1", "eu"), ("us-1", "us")];

    protected override string SignalingRegion(int index) => index == 0 ? "eu" : "us";
}
