namespace RtcLive.Cluster;

/// <summary>
/// <see cref="IClusterStore"/> inside one process (embedded mode, tests): the same expiry rules as Redis, by
/// the clock given.
/// </summary>
public sealed class InMemoryClusterStore(TimeProvider? time = null) : IClusterStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly object _gate = new();
    private readonly Dictionary<string, (NodeRecord Node, DateTimeOffset Expires)> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<string>>> _subscribers = new(StringComparer.Ordinal);

    public Task PutNodeAsync(NodeRecord node, TimeSpan ttl, CancellationToken ct = default)
    {
        lock (_gate) _nodes[node.Id] = (node, _time.GetUtcNow() + ttl);
        return Task.CompletedTask;
    }

    public Task RemoveNodeAsync(string nodeId, CancellationToken ct = default)
    {
        lock (_gate) _nodes.Remove(nodeId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var live = new List<NodeRecord>(_nodes.Count);
            foreach (var (node, expires) in _nodes.Values)
                if (expires > now) live.Add(node);
            live.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            return Task.FromResult<IReadOnlyList<NodeRecord>>(live);
        }
    }

    public Task PublishAsync(string channel, string message, CancellationToken ct = default)
    {
        Action<string>[] handlers;
        lock (_gate) handlers = _subscribers.TryGetValue(channel, out var list) ? [.. list] : [];
        foreach (var handler in handlers) handler(message);
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> SubscribeAsync(string channel, Action<string> handler, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(channel, out var list)) _subscribers[channel] = list = [];
            list.Add(handler);
        }
        return Task.FromResult<IAsyncDisposable>(new Subscription(this, channel, handler));
    }

    private sealed class Subscription(InMemoryClusterStore store, string channel, Action<string> handler) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (store._gate)
                if (store._subscribers.TryGetValue(channel, out var list)) list.Remove(handler);
            return ValueTask.CompletedTask;
        }
    }
}
