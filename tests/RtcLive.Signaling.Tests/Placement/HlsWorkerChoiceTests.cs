using RtcLive.Cluster;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Tests.Placement;

/// <summary>Which HLS worker serves a room's HLS viewers (cluster mode).</summary>
public sealed class HlsWorkerChoiceTests
{
    private static readonly PlacementOptions Costs = new() { RegionCosts = new(StringComparer.OrdinalIgnoreCase) { ["eu-us"] = 80 } };

    private static NodeRecord Worker(string id, string region, string state = NodeStates.Active, string kind = NodeKinds.Hls) =>
        new(id, kind, region, 1, state, $"http://{id}.example:8090", "http://x", "", 4, new NodeLoad(0, 0, 0, 0), [], [], [], 0);

    private static string? Choose(string room, string region, params NodeRecord[] nodes) =>
        HlsWorkerChoice.Choose(new ClusterSnapshot(nodes), room, region, Costs)?.Id;

    [Fact]
    public void A_worker_of_the_viewers_region_wins_and_sfu_nodes_never_serve_hls()
    {
        Assert.Equal("hls-us", Choose("math", "us", Worker("sfu-us", "us", kind: NodeKinds.Sfu), Worker("hls-eu", "eu"), Worker("hls-us", "us")));
        Assert.Equal("hls-eu", Choose("math", "us", Worker("sfu-us", "us", kind: NodeKinds.Sfu), Worker("hls-eu", "eu")));
        Assert.Null(Choose("math", "us", Worker("sfu-us", "us", kind: NodeKinds.Sfu), Worker("hls-eu", "eu", NodeStates.Draining)));
    }

    [Fact]
    public void Every_instance_sends_a_room_to_the_same_worker_whatever_the_order_and_rooms_spread_over_workers()
    {
        var workers = Enumerable.Range(1, 4).Select(i => Worker($"hls-{i}", "eu")).ToArray();
        var chosen = new HashSet<string>();
        for (int room = 0; room < 40; room++)
        {
            string? first = Choose($"room-{room}", "eu", workers);
            Assert.Equal(first, Choose($"room-{room}", "eu", [.. workers.Reverse()]));
            chosen.Add(first!);
        }
        Assert.True(chosen.Count >= 3, $"40 rooms went to {chosen.Count} of 4 workers");
    }

    [Fact]
    public void A_worker_leaving_moves_only_its_own_rooms()
    {
        var workers = Enumerable.Range(1, 4).Select(i => Worker($"hls-{i}", "eu")).ToArray();
        var remaining = workers.Where(w => w.Id != "hls-2").ToArray();
        for (int room = 0; room < 40; room++)
        {
            string before = Choose($"room-{room}", "eu", workers)!;
            string after = Choose($"room-{room}", "eu", remaining)!;
            if (before != "hls-2") Assert.Equal(before, after);
        }
    }
}
