using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// Debian's coturn (<c>turnserver</c>) on 127.0.0.1, taking clients over TCP only (no UDP listener, no TLS), with
/// TURN REST credentials (<c>use-auth-secret</c>): the way an operator runs it beside RtcLive, on loopback.
/// Relayed traffic leaves it as UDP to the SFU's media port.
/// </summary>
public sealed class CoturnProcess : IAsyncDisposable
{
    public const string TurnServerPath = "/usr/bin/turnserver";

    private readonly Process _process;
    private readonly List<string> _log = [];

    private CoturnProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public IReadOnlyList<string> Log
    {
        get { lock (_log) return _log.ToArray(); }
    }

    public static async Task<CoturnProcess> StartAsync(string secret, string realm = "rtclive.test")
    {
        if (!File.Exists(TurnServerPath)) throw new InvalidOperationException($"{TurnServerPath} is missing: ./test.sh installs it (apt-get install coturn)");
        int port = FreePorts.Tcp();
        var start = new ProcessStartInfo(TurnServerPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[]
        {
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={port}", "--no-udp", "--no-tls", "--no-dtls",
            "--use-auth-secret", $"--static-auth-secret={secret}", $"--realm={realm}", "--no-cli", "--allow-loopback-peers",
            "--min-port=40000", "--max-port=40999", "--log-file=stdout", "--simple-log", "--no-software-attribute",
        })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var coturn = new CoturnProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (coturn._log) coturn._log.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (coturn._log) coturn._log.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("turnserver exited:\n" + string.Join('\n', coturn.Log));
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                return coturn;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
