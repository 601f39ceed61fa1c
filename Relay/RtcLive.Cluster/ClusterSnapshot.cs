namespace RtcLive.Cluster;

/// <summary>
/// The live nodes at one moment and the directories read from them: which nodes carry a room, where each track
/// comes from, which links exist. Pure data: placement and the cascade planner decide over it.
/// </summary>
public sealed class ClusterSnapshot(IReadOnlyList<NodeRecord> nodes)
{
    public IReadOnlyList<NodeRecord> Nodes { get; } = nodes;

    public NodeRecord? Find(string nodeId)
    {
        foreach (var node in Nodes)
            if (node.Id == nodeId) return node;
        return null;
    }

    /// <summary>The SFU nodes that have participants of <paramref name="room"/> (an HLS worker transcoding it is none).</summary>
    public IReadOnlyList<NodeRecord> NodesOfRoom(string room)
    {
        var result = new List<NodeRecord>();
        foreach (var node in Nodes)
            if (node.Kind == NodeKinds.Sfu && node.Rooms.Contains(room)) result.Add(node);
        return result;
    }

    /// <summary>The tracks published in <paramref name="room"/> on any node, with their origin.</summary>
    public IReadOnlyList<(NodeRecord Origin, TrackEntry Track)> TracksOfRoom(string room)
    {
        var result = new List<(NodeRecord, TrackEntry)>();
        foreach (var node in Nodes)
            foreach (var track in node.Tracks)
                if (track.Room == room) result.Add((node, track));
        return result;
    }

    public IReadOnlyList<LinkEntry> Links
    {
        get
        {
            var result = new List<LinkEntry>();
            foreach (var node in Nodes) result.AddRange(node.Links);
            return result;
        }
    }
}
