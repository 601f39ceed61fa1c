using RtcLive.Cluster;

namespace RtcLive.Signaling.Placement;

/// <summary>
/// Where a newcomer goes (the cluster issue's rule): a node of the room in the participant's region with room
/// left, else the least-loaded active node of that region, else the same in the nearest region by the cost
/// table. Draining, full, dead and avoided nodes are never chosen. Pure: decided over a snapshot.
/// </summary>
public static class NodePlacement
{
    public static NodeRecord? Choose(ClusterSnapshot snapshot, string room, string region, PlacementOptions options, ISet<string> avoid)
    {
        var usable = new List<NodeRecord>();
        foreach (var node in snapshot.Nodes)
            if (node.Kind == NodeKinds.Sfu && node.IsActive && node.HasRoomFor() && !avoid.Contains(node.Id)) usable.Add(node);
        if (usable.Count == 0) return null;

        if (options.StickyRooms)
        {
            var roomNodes = usable.FindAll(n => n.Rooms.Contains(room));
            if (roomNodes.Count > 0) return Nearest(roomNodes, region, options, preferRoom: null);
        }
        return Nearest(usable, region, options, preferRoom: room);
    }

    /// <summary>In the nearest region that has any: a node of the room if asked and there is one, else the least loaded.</summary>
    private static NodeRecord Nearest(List<NodeRecord> nodes, string region, PlacementOptions options, string? preferRoom)
    {
        int best = int.MaxValue;
        foreach (var node in nodes) best = Math.Min(best, options.CostBetween(region, node.Region));
        var closest = nodes.FindAll(n => options.CostBetween(region, n.Region) == best);
        if (preferRoom is not null && closest.Find(n => n.Rooms.Contains(preferRoom)) is { } ofRoom) return ofRoom;
        closest.Sort((a, b) =>
        {
            int byLoad = ((double)a.Load.Participants / Math.Max(1, a.Capacity)).CompareTo((double)b.Load.Participants / Math.Max(1, b.Capacity));
            return byLoad != 0 ? byLoad : string.CompareOrdinal(a.Id, b.Id);
        });
        return closest[0];
    }
}
