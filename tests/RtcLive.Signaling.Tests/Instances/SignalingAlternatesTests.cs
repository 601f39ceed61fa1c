using RtcLive.Cluster;
using RtcLive.Signaling.Instances;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Tests.Instances;

/// <summary>Which instances a client is told to reconnect to if its own dies.</summary>
public sealed class SignalingAlternatesTests
{
    private static readonly PlacementOptions Costs = new()
    {
        RegionCosts = new(StringComparer.OrdinalIgnoreCase) { ["eu-us"] = 80, ["eu-ap"] = 200 },
    };

    private static NodeRecord Instance(string id, string region, string url, string kind = NodeKinds.Signaling, string state = NodeStates.Active) =>
        new(id, kind, region, 1, state, "", url, "", 0, new NodeLoad(0, 0, 0, 0), [], [], [], 0);

    [Fact]
    public void Others_only_nearest_region_first_without_sfu_nodes_or_instances_without_a_url()
    {
        var snapshot = new ClusterSnapshot(
        [
            Instance("self", "eu", "http://eu-a"),
            Instance("ap", "ap", "http://ap-a"),
            Instance("us", "us", "http://us-a"),
            Instance("eu-b", "eu", "http://eu-b"),
            Instance("eu-c", "eu", ""),
            Instance("draining", "eu", "http://eu-d", state: NodeStates.Draining),
            Instance("eu-1", "eu", "http://node-control", kind: NodeKinds.Sfu),
        ]);

        Assert.Equal(["http://eu-b", "http://us-a", "http://ap-a"], SignalingAlternates.From(snapshot, "self", "eu", Costs));
        Assert.Equal(["http://eu-b", "http://eu-a", "http://ap-a"], SignalingAlternates.From(snapshot, "us", "eu", Costs));
    }

    [Fact]
    public void Two_instances_behind_one_url_are_named_once()
    {
        var snapshot = new ClusterSnapshot([Instance("a", "eu", "https://lb"), Instance("b", "eu", "https://lb"), Instance("self", "eu", "https://self")]);
        Assert.Equal(["https://lb"], SignalingAlternates.From(snapshot, "self", "eu", Costs));
    }
}
