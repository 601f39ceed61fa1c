using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>
/// RtcLive in embedded mode as its own process, started the way ./run.sh starts it but on free ports
/// (HTTP and media both on 127.0.0.1 port 0), so tests can run beside a developer's server.
/// </summary>
public sealed partial class ServerProcess : IAsyncLifetime
{
    private HostProcess? _host;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<string> Log => _host?.Log ?? [];

    /// <summary>The server's process id.</summary>
    public int Id => _host?.Id ?? throw new InvalidOperationException("the server is not running");

    public async Task InitializeAsync()
    {
        _host = await StartSignalingAsync([]);
        BaseUrl = _host.Ready;
    }

    /// <summary>Signaling with the web client on free ports; <paramref name="extra"/> adds configuration overrides.</summary>
    public static Task<HostProcess> StartSignalingAsync(IEnumerable<string> extra)
    {
        if (!File.Exists(Path.Combine(RepositoryLayout.WebClientDist, "echo.js")))
            throw new InvalidOperationException("web-client/dist is missing: ./test.sh builds it (npm run build in web-client)");
        string[] args =
        [
            "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
            "--RtcLive:Media:Bind=127.0.0.1:0",
            $"--RtcLive:WebClient:Root={RepositoryLayout.WebClientDist}",
            .. extra,
        ];
        return HostProcess.StartAsync(RepositoryLayout.SignalingDll, args, UpLine(), TimeSpan.FromSeconds(40));
    }

    [GeneratedRegex(@"RtcLive is up: open (http://\S+?)/ ")]
    private static partial Regex UpLine();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
