using RtcLive.Cluster;

namespace RtcLive.Signaling.Placement;

/// <summary>
/// Which HLS worker serves a room's HLS viewers: among the live HLS workers, those of the nearest region (by the
/// placement's region costs), and of those the one the room hashes to (rendezvous hashing with a fixed hash), so
/// every signaling instance sends a room's viewers to the same worker and one transcode serves them all; a worker
/// that leaves moves only its own rooms.
/// </summary>
public static class HlsWorkerChoice
{
    public static NodeRecord? Choose(ClusterSnapshot snapshot, string room, string region, PlacementOptions options)
    {
        NodeRecord? best = null;
        int bestCost = int.MaxValue;
        ulong bestScore = 0;
        foreach (var node in snapshot.Nodes)
        {
            if (node.Kind != NodeKinds.Hls || !node.IsActive || string.IsNullOrEmpty(node.MediaAddress)) continue;
            int cost = options.CostBetween(region, node.Region);
            ulong score = Score(room, node.Id);
            if (cost < bestCost || (cost == bestCost && score > bestScore))
            {
                best = node;
                bestCost = cost;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>FNV-1a over room and worker id: the same in every process (string.GetHashCode is not).</summary>
    private static ulong Score(string room, string workerId)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in room) hash = (hash ^ c) * 1099511628211UL;
        hash = (hash ^ 0xFF) * 1099511628211UL;
        foreach (char c in workerId) hash = (hash ^ c) * 1099511628211UL;
        // FNV's low bits mix poorly for short keys; a final avalanche spreads them.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
