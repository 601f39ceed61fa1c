namespace RtcLive.Cluster;

/// <summary>
/// The cluster's shared state: node records that expire unless their node writes them again (heartbeats), and
/// pub/sub for events. In memory for embedded mode (<see cref="InMemoryClusterStore"/>), Redis for a cluster
/// (<see cref="RedisClusterStore"/>). Rooms, tracks and links live inside the node records, so the directories
/// are views over the live nodes (<see cref="ClusterSnapshot"/>).
/// </summary>
public interface IClusterStore
{
    /// <summary>Writes the node's own record; it lapses after <paramref name="ttl"/> unless written again.</summary>
    Task PutNodeAsync(NodeRecord node, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Deletes the node's own record (a clean shutdown).</summary>
    Task RemoveNodeAsync(string nodeId, CancellationToken ct = default);

    /// <summary>Every live node's record.</summary>
    Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken ct = default);

    Task PublishAsync(string channel, string message, CancellationToken ct = default);

    /// <summary>Delivers messages published on <paramref name="channel"/> until the returned handle is disposed.</summary>
    Task<IAsyncDisposable> SubscribeAsync(string channel, Action<string> handler, CancellationToken ct = default);
}
