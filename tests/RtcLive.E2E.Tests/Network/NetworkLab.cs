using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// A small network on this machine, inside the test's loopback-only namespace: RtcLive (embedded, its own
/// process) on 10.99.0.1, a presenter's Chromium in one namespace behind <see cref="PresenterPath"/> and a
/// viewer's Chromium in another behind <see cref="ViewerPath"/>. Each path is a veth pair whose impairments
/// a test sets; the page, the hub and the media all cross it. Nothing leaves the machine: the namespaces
/// hang off the test's own, which has no way out.
/// </summary>
public sealed class NetworkLab : IAsyncLifetime
{
    public const string ServerAddress = "10.99.0.1";

    private readonly List<IAsyncDisposable> _owned = [];
    private HostProcess? _server;
    private bool _hasAddress;

    internal EmulatedPath PresenterPath { get; private set; } = null!;

    internal EmulatedPath ViewerPath { get; private set; } = null!;

    internal NamespacedChromium PresenterBrowser { get; private set; } = null!;

    internal NamespacedChromium ViewerBrowser { get; private set; } = null!;

    public string BaseUrl => _server?.Ready ?? "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        LoopbackOnly.Require();
        try
        {
            await HostCommand.RunAsync("ip", "addr", "add", $"{ServerAddress}/32", "dev", "lo");
            _hasAddress = true;
            PresenterPath = Own(await EmulatedPath.CreateAsync(1));
            ViewerPath = Own(await EmulatedPath.CreateAsync(2));
            _server = await ServerProcess.StartSignalingAsync(
            [
                $"--Kestrel:Endpoints:Http:Url=http://{ServerAddress}:0",
                $"--RtcLive:Media:Bind={ServerAddress}:0",
                "--RtcLive:Hls:Enabled=false",
            ]);
            PresenterBrowser = Own(await NamespacedChromium.LaunchAsync(PresenterPath.Client, BaseUrl));
            ViewerBrowser = Own(await NamespacedChromium.LaunchAsync(ViewerPath.Client, BaseUrl));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public IReadOnlyList<string> ServerLog => _server?.Log ?? [];

    /// <summary>Every path clean again: no loss, no dead path, no cap.</summary>
    internal async Task HealAllAsync()
    {
        foreach (var path in new[] { PresenterPath, ViewerPath })
        {
            await path.HealAsync();
            try { await path.UncapAsync(); } catch (InvalidOperationException) { /* no cap was set */ }
        }
    }

    public async Task DisposeAsync()
    {
        // Browsers first (they hold pages on the paths), then the server, then the paths and namespaces.
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            if (_owned[i] is EmulatedPath) continue;
            await _owned[i].DisposeAsync();
        }
        if (_server is not null) await _server.DisposeAsync();
        for (int i = _owned.Count - 1; i >= 0; i--)
            if (_owned[i] is EmulatedPath path) await path.DisposeAsync();
        _owned.Clear();
        if (_hasAddress) await HostCommand.RunAsync("ip", "addr", "del", $"{ServerAddress}/32", "dev", "lo");
        _hasAddress = false;
        Http.Dispose();
    }
}
