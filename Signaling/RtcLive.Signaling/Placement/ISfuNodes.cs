using RtcLive.Cluster;
using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Placement;

/// <summary>
/// The SFU nodes this signaling instance can put participants on, each reached only through its control API
/// (DESIGN.md): the one embedded node, one standalone node, or a cluster's nodes from the registry.
/// </summary>
public interface ISfuNodes
{
    /// <summary>
    /// The node for someone joining <paramref name="room"/>: placement by region and load (see
    /// <see cref="NodePlacement"/>), never a draining, full or dead node, nor <paramref name="avoidNode"/> (a
    /// node the client just lost).
    /// </summary>
    /// <exception cref="SfuControlException">No node can take the participant (<see cref="SfuControlError.Unavailable"/>).</exception>
    Task<ISfuNodeControl> PlaceAsync(string room, string? region, string? avoidNode, CancellationToken ct);

    /// <summary>The node a participant was placed on; null when it is gone.</summary>
    ISfuNodeControl? Get(string nodeId);

    /// <summary>The live nodes now (for <c>/api/cluster</c> and the rooms' directories).</summary>
    Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct);

    /// <summary>A live node's control client, connecting to it when nobody was placed there yet; null when it is not live.</summary>
    Task<ISfuNodeControl?> ConnectAsync(string nodeId, CancellationToken ct);

    /// <summary>Every node's events, with the node that raised each (handlers quick, never throwing).</summary>
    event Action<string, SfuControlEvent>? Events;

    /// <summary>A node is gone (its event stream broke, its heartbeat lapsed): its participants must rejoin elsewhere.</summary>
    event Action<string>? NodeLost;
}
