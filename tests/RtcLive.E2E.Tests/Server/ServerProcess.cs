using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>
/// RtcLive in embedded mode as its own process, started the way ./run.sh starts it but on free ports
/// (HTTP and media both on 127.0.0.1 port 0), so tests can run beside a developer's server.
/// </summary>
public sealed partial class ServerProcess : IAsyncLifetime
{
    private readonly List<string> _log = [];
    private Process? _process;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<string> Log
    {
        get { lock (_log) return _log.ToArray(); }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(RepositoryLayout.SignalingDll))
            throw new InvalidOperationException($"{RepositoryLayout.SignalingDll} is missing: build the solution first");
        if (!File.Exists(Path.Combine(RepositoryLayout.WebClientDist, "echo.js")))
            throw new InvalidOperationException("web-client/dist is missing: ./test.sh builds it (npm run build in web-client)");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[RepositoryLayout.SignalingDll,
                     "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
                     "--RtcLive:Media:Bind=127.0.0.1:0",
                     $"--RtcLive:WebClient:Root={RepositoryLayout.WebClientDist}"])
            start.ArgumentList.Add(arg);

        var up = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, up);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, up);
        _process.Exited += (_, _) => up.TrySetException(new InvalidOperationException("server exited:\n" + string.Join('\n', Log)));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        BaseUrl = await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private void OnLine(string? line, TaskCompletionSource<string> up)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
        var match = UpLine().Match(line);
        if (match.Success) up.TrySetResult(match.Groups[1].Value);
    }

    [GeneratedRegex(@"RtcLive is up: open (http://\S+?)/ ")]
    private static partial Regex UpLine();

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
    }
}
