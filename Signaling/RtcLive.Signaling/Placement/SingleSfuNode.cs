using RtcLive.Cluster;
using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Placement;

/// <summary>One standalone node given by URL (<c>RtcLive:Sfu:ControlUrl</c>): every participant goes there.</summary>
public sealed class SingleSfuNode(Func<ISfuNodeControl> control) : ISfuNodes
{
    private readonly object _gate = new();
    private Action<string, SfuControlEvent>? _events;
    private bool _subscribed;

    public event Action<string, SfuControlEvent>? Events
    {
        add
        {
            lock (_gate)
            {
                _events += value;
                if (_subscribed) return;
                _subscribed = true;
                var node = control();
                node.Events += e => _events?.Invoke(node.NodeId, e);
            }
        }
        remove
        {
            lock (_gate) _events -= value;
        }
    }

    // The node's loss shows in its event stream and readiness; its clients find out through their media.
    public event Action<string>? NodeLost
    {
        add { }
        remove { }
    }

    public Task<ISfuNodeControl> PlaceAsync(string room, string? region, string? avoidNode, CancellationToken ct) => Task.FromResult(control());

    public ISfuNodeControl? Get(string nodeId) => control().NodeId == nodeId ? control() : null;

    public Task<ISfuNodeControl?> ConnectAsync(string nodeId, CancellationToken ct) => Task.FromResult(Get(nodeId));

    public async Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var status = await control().GetStatusAsync(ct);
        var node = new NodeRecord(status.NodeId, NodeKinds.Sfu, status.Region, status.Pid, NodeStates.Active, "", "", "", int.MaxValue,
            new NodeLoad(status.Participants, status.Tracks, status.ForwardedBitsPerSecond, status.Cpu), [], [], [],
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return new ClusterSnapshot([node]);
    }
}
