using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>
/// A small cluster as separate processes on free loopback ports, started as an operator starts one: redis-server,
/// SFU nodes eu-1 and eu-2 (region eu) registering in it, and one signaling instance in cluster mode serving the
/// web client. Nodes can be killed (SIGKILL) to test failover.
/// </summary>
public sealed partial class LocalCluster : IAsyncLifetime
{
    private const string ControlToken = "e2e-cluster-token-0123456789abcdef";
    private readonly Dictionary<string, HostProcess> _nodes = new(StringComparer.Ordinal);
    private Process? _redis;
    private HostProcess? _signaling;
    private int _redisPort;

    public string BaseUrl => _signaling?.Ready ?? "";

    public async Task InitializeAsync()
    {
        _redisPort = FreePort();
        var start = new ProcessStartInfo("/usr/bin/redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in (string[])["--bind", "127.0.0.1", "--port", _redisPort.ToString(), "--save", "", "--appendonly", "no"])
            start.ArgumentList.Add(arg);
        _redis = Process.Start(start)!;
        _redis.BeginOutputReadLine();
        await WaitForPortAsync(_redisPort);
        foreach (string id in (string[])["eu-1", "eu-2"])
        {
            _nodes[id] = await HostProcess.StartAsync(RepositoryLayout.SfuNodeDll,
            [
                "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
                "--RtcLive:Media:Bind=127.0.0.1:0",
                $"--RtcLive:Node:Id={id}",
                "--RtcLive:Node:Region=eu",
                $"--RtcLive:Node:ControlToken={ControlToken}",
                $"--RtcLive:Cluster:Redis=127.0.0.1:{_redisPort}",
            ], Registered(), TimeSpan.FromSeconds(40));
        }
        _signaling = await ServerProcess.StartSignalingAsync(
        [
            $"--RtcLive:Cluster:Redis=127.0.0.1:{_redisPort}",
            $"--RtcLive:Sfu:ControlToken={ControlToken}",
            "--RtcLive:Region=eu",
        ]);
    }

    /// <summary>Kills the node's process outright, as a crash or an OOM kill would.</summary>
    public async Task KillNodeAsync(string id)
    {
        if (_nodes.Remove(id, out var node)) await node.DisposeAsync();
    }

    [GeneratedRegex(@"node (\S+) registered in the cluster")]
    private static partial Regex Registered();

    public async Task DisposeAsync()
    {
        if (_signaling is not null) await _signaling.DisposeAsync();
        foreach (var node in _nodes.Values) await node.DisposeAsync();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
        _redis?.Dispose();
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
