using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>
/// Signaling and a standalone SFU node as two processes on free loopback ports, the node's control API between
/// them: cluster mode's wiring with one node, started as an operator starts it.
/// </summary>
public sealed partial class StandaloneNodeServer : IAsyncLifetime
{
    public const string NodeId = "e2e-node-1";
    private const string ControlToken = "e2e-control-token-0123456789abcdef";

    private HostProcess? _node;
    private HostProcess? _signaling;

    public string BaseUrl => _signaling?.Ready ?? "";

    public async Task InitializeAsync()
    {
        _node = await HostProcess.StartAsync(RepositoryLayout.SfuNodeDll,
        [
            "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0",
            "--RtcLive:Media:Bind=127.0.0.1:0",
            $"--RtcLive:Node:Id={NodeId}",
            "--RtcLive:Node:Region=eu",
            $"--RtcLive:Node:ControlToken={ControlToken}",
        ], ControlLine(), TimeSpan.FromSeconds(40));
        _signaling = await ServerProcess.StartSignalingAsync(
        [
            $"--RtcLive:Sfu:ControlUrl={_node.Ready}",
            $"--RtcLive:Sfu:ControlToken={ControlToken}",
        ]);
    }

    [GeneratedRegex(@"SFU node control API on (http://\S+?)/control/v1")]
    private static partial Regex ControlLine();

    public async Task DisposeAsync()
    {
        if (_signaling is not null) await _signaling.DisposeAsync();
        if (_node is not null) await _node.DisposeAsync();
    }
}
