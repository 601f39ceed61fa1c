using RtcLive.Cluster;
using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Placement;

/// <summary>
/// Decides which node pulls which room from which (relay links): a node with participants of a room pulls the
/// room from every other node where something is published in it. The cascade: a room crosses into a region
/// once; the region's first node pulls from the origin and the region's other nodes pull from it. Asked after
/// each join (the newcomer's node may need the room's tracks) and after each publish (every other node of the
/// room needs the new track); each is tried again a moment later because node records trail the facts by a
/// beat. Pulls are idempotent.
/// </summary>
public sealed class RelayPlanner(ISfuNodes nodes, ILogger<RelayPlanner> logger)
{
    // Pulls this instance asked for, before the pulling node's record lists the link: (room, origin, region) → node.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Room, string Origin, string Region), (string Node, long AtMs)> _regionFirst = new();
    private static readonly TimeSpan RecentPullMemory = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SecondLook = TimeSpan.FromMilliseconds(1500);

    /// <summary>Someone joined <paramref name="room"/> on <paramref name="nodeId"/>: it pulls the room from the nodes publishing in it.</summary>
    public void AfterJoin(string room, string nodeId) => Twice(async ct =>
    {
        var snapshot = await nodes.SnapshotAsync(ct);
        var origins = new Dictionary<string, NodeRecord>(StringComparer.Ordinal);
        foreach (var (origin, _) in snapshot.TracksOfRoom(room))
            if (origin.Id != nodeId) origins[origin.Id] = origin;
        if (snapshot.Find(nodeId) is not { } edge) return;
        foreach (var origin in origins.Values) await PullAsync(snapshot, edge, room, origin, ct);
    });

    /// <summary>Something was published in <paramref name="room"/> on <paramref name="originId"/>: every other node of the room pulls it.</summary>
    public void AfterPublish(string room, string originId) => Twice(async ct =>
    {
        var snapshot = await nodes.SnapshotAsync(ct);
        if (snapshot.Find(originId) is not { } origin) return;
        // The region's first puller goes first, so the others find it and pull from it.
        var edges = snapshot.NodesOfRoom(room).Where(n => n.Id != originId)
            .OrderBy(n => snapshot.Links.Any(l => l.Room == room && l.From == originId && l.To == n.Id) ? 0 : 1).ToList();
        foreach (var node in edges) await PullAsync(snapshot, node, room, origin, ct);
    });

    /// <summary>
    /// Where <paramref name="edge"/> pulls the room's tracks of <paramref name="origin"/> from: the origin itself in
    /// the origin's region or when the edge is its region's first puller, else that first puller.
    /// </summary>
    internal NodeRecord SourceFor(ClusterSnapshot snapshot, NodeRecord edge, string room, NodeRecord origin)
    {
        if (string.Equals(edge.Region, origin.Region, StringComparison.OrdinalIgnoreCase)) return origin;
        foreach (var link in snapshot.Links)
        {
            if (link.Room != room || link.From != origin.Id || link.To == edge.Id) continue;
            if (snapshot.Find(link.To) is { IsActive: true } first && string.Equals(first.Region, edge.Region, StringComparison.OrdinalIgnoreCase))
                return first;
        }
        var key = (room, origin.Id, edge.Region.ToLowerInvariant());
        if (_regionFirst.TryGetValue(key, out var recent) && recent.Node != edge.Id
            && Environment.TickCount64 - recent.AtMs < RecentPullMemory.TotalMilliseconds
            && snapshot.Find(recent.Node) is { IsActive: true } known)
            return known;
        _regionFirst[key] = (edge.Id, Environment.TickCount64);
        return origin;
    }

    private async Task PullAsync(ClusterSnapshot snapshot, NodeRecord edge, string room, NodeRecord origin, CancellationToken ct)
    {
        var source = SourceFor(snapshot, edge, room, origin);
        if (string.IsNullOrEmpty(source.ControlUrl)) return;
        try
        {
            if (await nodes.ConnectAsync(edge.Id, ct) is { } control) await control.PullRoomAsync(room, source.Id, source.ControlUrl, ct);
        }
        catch (SfuControlException ex)
        {
            logger.LogWarning("node {Edge} could not pull room {Room} from {Source}: {Reason}", edge.Id, room, source.Id, ex.Message);
        }
    }

    private void Twice(Func<CancellationToken, Task> plan) => _ = Task.Run(async () =>
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await plan(timeout.Token);
            await Task.Delay(SecondLook, timeout.Token);
            await plan(timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning("relay planning failed: {Reason}", ex.Message);
        }
    });
}
