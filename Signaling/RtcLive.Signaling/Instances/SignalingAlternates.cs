using RtcLive.Cluster;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Instances;

/// <summary>The other live signaling instances a client may reconnect to, nearest region first.</summary>
public static class SignalingAlternates
{
    public static IReadOnlyList<string> From(ClusterSnapshot snapshot, string selfId, string region, PlacementOptions placement)
    {
        var others = new List<NodeRecord>();
        foreach (var node in snapshot.Nodes)
            if (node.Kind == NodeKinds.Signaling && node.Id != selfId && node.IsActive && node.ControlUrl.Length > 0) others.Add(node);
        others.Sort((a, b) =>
        {
            int byCost = placement.CostBetween(region, a.Region).CompareTo(placement.CostBetween(region, b.Region));
            return byCost != 0 ? byCost : string.CompareOrdinal(a.Id, b.Id);
        });
        var urls = new List<string>(others.Count);
        foreach (var node in others)
            if (!urls.Contains(node.ControlUrl)) urls.Add(node.ControlUrl);
        return urls;
    }
}
