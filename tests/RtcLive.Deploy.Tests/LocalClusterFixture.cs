using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RtcLive.E2E.Tests.Server;

namespace RtcLive.Deploy.Tests;

/// <summary>
/// A small production-like cluster as processes on free loopback ports: redis-server, SFU node eu-1, signaling in
/// cluster mode and the HLS worker hls-eu, all with JSON (ECS) logs, dev tokens off and an admin token, as an
/// operator runs them.
/// </summary>
public sealed partial class LocalClusterFixture : IAsyncLifetime
{
    public const string ControlToken = "deploy-test-control-token-0123456789";
    public const string AdminToken = "deploy-test-admin-token-abcdef";
    public const string AuthSecret = "deploy-test-auth-secret-0123456789abcdefghij";

    private Process? _redis;

    public HostProcess Node { get; private set; } = null!;
    public HostProcess Signaling { get; private set; } = null!;
    public HostProcess HlsWorker { get; private set; } = null!;
    public string NodeUrl => Node.Ready;
    public string HlsWorkerUrl => HlsWorker.Ready;
    public string SignalingUrl => Signaling.Ready;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        int redisPort = FreePort();
        var start = new ProcessStartInfo("/usr/bin/redis-server") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string arg in (string[])["--bind", "127.0.0.1", "--port", redisPort.ToString(), "--save", "", "--appendonly", "no"])
            start.ArgumentList.Add(arg);
        if (!File.Exists(start.FileName)) throw new InvalidOperationException("redis-server is missing: ./test.sh installs it");
        _redis = Process.Start(start)!;
        _redis.BeginOutputReadLine();
        await WaitForPortAsync(redisPort);

        Node = await HostProcess.StartAsync(RepositoryLayout.SfuNodeDll,
        [
            "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
            "--RtcLive:Media:Bind=127.0.0.1:0",
            "--RtcLive:Node:Id=eu-1",
            "--RtcLive:Node:Region=eu",
            $"--RtcLive:Node:ControlToken={ControlToken}",
            $"--RtcLive:Cluster:Redis=127.0.0.1:{redisPort}",
            "--RtcLive:Logging:Json=true",
        ], ControlApiLine(), TimeSpan.FromSeconds(40));
        Signaling = await HostProcess.StartAsync(RepositoryLayout.SignalingDll,
        [
            "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
            "--RtcLive:Media:Bind=127.0.0.1:0",
            "--RtcLive:Region=eu",
            $"--RtcLive:Cluster:Redis=127.0.0.1:{redisPort}",
            $"--RtcLive:Sfu:ControlToken={ControlToken}",
            "--RtcLive:Auth:DevTokens=false",
            $"--RtcLive:Auth:Secret={AuthSecret}",
            $"--RtcLive:Auth:AdminToken={AdminToken}",
            "--RtcLive:Logging:Json=true",
        ], UpLine(), TimeSpan.FromSeconds(40));
        HlsWorker = await HostProcess.StartAsync(RepositoryLayout.HlsWorkerDll,
        [
            "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
            "--RtcLive:HlsWorker:Id=hls-eu",
            "--RtcLive:HlsWorker:Region=eu",
            $"--RtcLive:HlsWorker:ControlToken={ControlToken}",
            $"--RtcLive:Cluster:Redis=127.0.0.1:{redisPort}",
            "--RtcLive:Logging:Json=true",
        ], WorkerUpLine(), TimeSpan.FromSeconds(40));

        // Until the node's record is in the registry signaling reads.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, SignalingUrl + "/api/cluster");
            request.Headers.Authorization = new("Bearer", AdminToken);
            using var response = await Http.SendAsync(request);
            if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\"eu-1\"")) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("node eu-1 never appeared in /api/cluster");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"SFU node control API on (http://[0-9.:]+)")]
    private static partial Regex ControlApiLine();

    [GeneratedRegex(@"RtcLive is up: open (http://[0-9.:]+)/")]
    private static partial Regex UpLine();

    [GeneratedRegex(@"RtcLive HLS worker \S+ is up: (http://[0-9.:]+)/hls")]
    private static partial Regex WorkerUpLine();

    public async Task DisposeAsync()
    {
        if (HlsWorker is not null) await HlsWorker.DisposeAsync();
        if (Signaling is not null) await Signaling.DisposeAsync();
        if (Node is not null) await Node.DisposeAsync();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
        _redis?.Dispose();
        Http.Dispose();
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

[CollectionDefinition(Name)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalClusterFixture>
{
    public const string Name = "local cluster";
}
