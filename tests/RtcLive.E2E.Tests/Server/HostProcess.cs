using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>
/// One of our .NET hosts as a child process, started with configuration overrides on the command line the way an
/// operator starts it, and ready once its log prints the line <c>ready</c> matches (group 1 is kept, typically a URL).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly List<string> _log = [];
    private readonly Process _process;

    private HostProcess(Process process) => _process = process;

    /// <summary>What group 1 of the ready line matched.</summary>
    public string Ready { get; private set; } = "";

    /// <summary>The process id (tests find its children in /proc by it).</summary>
    public int Id => _process.Id;

    public IReadOnlyList<string> Log
    {
        get { lock (_log) return _log.ToArray(); }
    }

    /// <param name="netns">A network namespace to run in (<c>/proc/PID/ns/net</c>, entered with nsenter); null: the test's own.</param>
    public static async Task<HostProcess> StartAsync(string dll, IEnumerable<string> args, Regex ready, TimeSpan timeout, string? netns = null)
    {
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first");
        var start = new ProcessStartInfo(netns is null ? "dotnet" : "nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (netns is not null)
        {
            // nsenter execs dotnet in place: the process (and its kill) stays the one started here.
            foreach (string arg in new[] { $"--net={netns}", "--", "dotnet" }) start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add(dll);
        foreach (string arg in args) start.ArgumentList.Add(arg);

        var host = new HostProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        var up = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        host._process.OutputDataReceived += (_, e) => host.OnLine(e.Data, ready, up);
        host._process.ErrorDataReceived += (_, e) => host.OnLine(e.Data, ready, up);
        host._process.Exited += (_, _) =>
            up.TrySetException(new InvalidOperationException($"{Path.GetFileName(dll)} exited:\n" + string.Join('\n', host.Log)));
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            host.Ready = await up.Task.WaitAsync(timeout);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private void OnLine(string? line, Regex ready, TaskCompletionSource<string> up)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
        var match = ready.Match(line);
        if (match.Success) up.TrySetResult(match.Groups[1].Value);
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
