using RtcLive.Cluster;
using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Placement;

/// <summary>
/// Decides which node pulls which room from which (relay links): a node with participants of a room pulls the
/// room from every other node where something is published in it. Asked after each join (the newcomer's node
/// may need the room's tracks) and after each publish (every other node of the room needs the new track); each
/// is tried again a moment later because node records trail the facts by a beat. Pulls are idempotent.
/// </summary>
public sealed class RelayPlanner(ISfuNodes nodes, ILogger<RelayPlanner> logger)
{
    private static readonly TimeSpan SecondLook = TimeSpan.FromMilliseconds(1500);

    /// <summary>Someone joined <paramref name="room"/> on <paramref name="nodeId"/>: it pulls the room from the nodes publishing in it.</summary>
    public void AfterJoin(string room, string nodeId) => Twice(async ct =>
    {
        var snapshot = await nodes.SnapshotAsync(ct);
        var origins = new Dictionary<string, NodeRecord>(StringComparer.Ordinal);
        foreach (var (origin, _) in snapshot.TracksOfRoom(room))
            if (origin.Id != nodeId) origins[origin.Id] = origin;
        foreach (var origin in origins.Values) await PullAsync(nodeId, room, origin, ct);
    });

    /// <summary>Something was published in <paramref name="room"/> on <paramref name="originId"/>: every other node of the room pulls it.</summary>
    public void AfterPublish(string room, string originId) => Twice(async ct =>
    {
        var snapshot = await nodes.SnapshotAsync(ct);
        if (snapshot.Find(originId) is not { } origin) return;
        foreach (var node in snapshot.NodesOfRoom(room))
            if (node.Id != originId) await PullAsync(node.Id, room, origin, ct);
    });

    private async Task PullAsync(string edgeId, string room, NodeRecord origin, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(origin.ControlUrl)) return;
        try
        {
            if (await nodes.ConnectAsync(edgeId, ct) is { } edge) await edge.PullRoomAsync(room, origin.Id, origin.ControlUrl, ct);
        }
        catch (SfuControlException ex)
        {
            logger.LogWarning("node {Edge} could not pull room {Room} from {Origin}: {Reason}", edgeId, room, origin.Id, ex.Message);
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
