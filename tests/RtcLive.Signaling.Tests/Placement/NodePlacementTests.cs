using RtcLive.Cluster;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Tests.Placement;

/// <summary>The placement rule of the cluster issue, decided over snapshots.</summary>
public sealed class NodePlacementTests
{
    private static readonly PlacementOptions Costs = new()
    {
        StickyRooms = false,
        RegionCosts = new(StringComparer.OrdinalIgnoreCase) { ["eu-us"] = 80, ["eu-ap"] = 200, ["us-ap"] = 150 },
    };

    private static NodeRecord Node(string id, string region, int participants = 0, int capacity = 100, string state = NodeStates.Active,
        string[]? rooms = null, string kind = NodeKinds.Sfu) =>
        new(id, kind, region, 1, state, "", "http://x", "", capacity, new NodeLoad(participants, 0, 0, 0), rooms ?? [], [], [], 0);

    private static string? Choose(PlacementOptions options, string room, string region, params NodeRecord[] nodes) =>
        NodePlacement.Choose(new ClusterSnapshot(nodes), room, region, options, new HashSet<string>())?.Id;

    [Fact]
    public void A_node_of_the_room_in_the_region_wins_over_a_less_loaded_one()
    {
        Assert.Equal("eu-2", Choose(Costs, "math", "eu", Node("eu-1", "eu", 1), Node("eu-2", "eu", 50, rooms: ["math"])));
    }

    [Fact]
    public void Otherwise_the_least_loaded_node_of_the_region_by_share_of_capacity()
    {
        Assert.Equal("eu-2", Choose(Costs, "math", "eu", Node("eu-1", "eu", 30, 100), Node("eu-2", "eu", 40, 200), Node("us-1", "us")));
    }

    [Fact]
    public void A_region_without_usable_nodes_sends_the_participant_to_the_nearest_by_cost()
    {
        Assert.Equal("us-1", Choose(Costs, "math", "eu", Node("eu-1", "eu", state: NodeStates.Draining), Node("eu-2", "eu", 100, 100),
            Node("ap-1", "ap"), Node("us-1", "us", 90)));
    }

    [Fact]
    public void Draining_full_avoided_and_non_sfu_nodes_are_never_chosen()
    {
        var snapshot = new ClusterSnapshot([Node("a", "eu", state: NodeStates.Draining), Node("b", "eu", 10, 10), Node("c", "eu"), Node("h", "eu", kind: NodeKinds.Hls)]);
        Assert.Null(NodePlacement.Choose(snapshot, "math", "eu", Costs, new HashSet<string> { "c" }));
        Assert.Equal("c", NodePlacement.Choose(snapshot, "math", "eu", Costs, new HashSet<string>())!.Id);
    }

    [Fact]
    public void Sticky_rooms_stay_on_their_node_across_regions_while_it_has_room()
    {
        var sticky = new PlacementOptions { StickyRooms = true, RegionCosts = Costs.RegionCosts };
        Assert.Equal("eu-1", Choose(sticky, "math", "us", Node("eu-1", "eu", rooms: ["math"]), Node("us-1", "us")));
        Assert.Equal("us-1", Choose(sticky, "math", "us", Node("eu-1", "eu", 100, 100, rooms: ["math"]), Node("us-1", "us")));
        Assert.Equal("us-1", Choose(Costs, "math", "us", Node("eu-1", "eu", rooms: ["math"]), Node("us-1", "us")));
    }

    [Fact]
    public void Region_costs_read_either_way_and_unlisted_pairs_cost_the_most()
    {
        Assert.Equal(80, Costs.CostBetween("us", "eu"));
        Assert.Equal(0, Costs.CostBetween("EU", "eu"));
        Assert.Equal(Costs.UnlistedCost, Costs.CostBetween("eu", "sa"));
    }
}
