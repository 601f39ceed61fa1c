using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtcLive.Cluster.Tests;

/// <summary>A real redis-server on 127.0.0.1 and a free port, for the test class; nothing saved to disk.</summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; private set; }

    public string Configuration => $"127.0.0.1:{Port}";

    public async Task InitializeAsync() => await StartAsync();

    /// <summary>Starts (or starts again, after <see cref="KillAsync"/>) on the same port.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists("/usr/bin/redis-server")) throw new InvalidOperationException("redis-server is missing: ./test.sh installs it (apt-get install redis-server)");
        if (Port == 0) Port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no"])
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on {Port} within 10 s");
    }

    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync() => await KillAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
