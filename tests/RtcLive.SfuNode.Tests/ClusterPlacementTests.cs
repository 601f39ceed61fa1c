using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using RtcLive.Cluster.Tests;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// A cluster on loopback: a real redis-server, two standalone nodes in two regions registering themselves, and
/// signaling in cluster mode placing SignalR clients by region and load, sending them elsewhere when a node
/// goes away or drains.
/// </summary>
public sealed class ClusterPlacementTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Participants_are_placed_by_region_and_moved_when_their_node_goes_or_drains()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        var eu = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        await using var us = await SfuNodeTestHost.StartAsync(id: "us-1", region: "us", extra: cluster);
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>(cluster)
        {
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Region"] = "eu",
            ["RtcLive:Placement:RegionCosts:eu-us"] = "80",
            ["RtcLive:Placement:StickyRooms"] = "true",
        });
        try
        {
            Assert.True(await WaitUntilAsync(async () => (await NodesAsync(host)).Count == 2), "the two nodes never showed in /api/cluster");

            var alice = await JoinAsync(host, "r-eu", "alice", region: null);
            var bob = await JoinAsync(host, "r-us", "bob", region: "us");
            var carol = await JoinAsync(host, "r-eu", "carol", region: "us");
            Assert.Equal("eu-1", alice.Join.Node);  // the instance's region
            Assert.Equal("us-1", bob.Join.Node);    // the client's hint wins
            Assert.Equal("eu-1", carol.Join.Node);  // sticky: the room is on eu-1, it stays together
            Assert.True(await WaitUntilAsync(async () =>
            {
                var nodes = await NodesAsync(host);
                return nodes.Any(n => n.Id == "eu-1" && n.Participants == 2) && nodes.Any(n => n.Id == "us-1" && n.Participants == 1);
            }), "the registry never showed the participants per node");

            // eu-1 goes away: its participants are told at once to rejoin, and land in the nearest region left.
            await eu.DisposeAsync();
            var moved = await carol.Client.NextRejoinAsync();
            Assert.Equal(("r-eu", "eu-1"), (moved.Room, moved.AvoidNode));
            Assert.Equal("eu-1", (await alice.Client.NextRejoinAsync()).AvoidNode);
            var again = await carol.Client.JoinAsync(new JoinRequest { Room = "r-eu", Region = "us", AvoidNode = "eu-1" });
            Assert.Equal("us-1", again.Node);
            var aliceAgain = await alice.Client.JoinAsync(new JoinRequest { Room = "r-eu", AvoidNode = "eu-1" });
            Assert.Equal("us-1", aliceAgain.Node);
            Assert.True(await WaitUntilAsync(async () => (await NodesAsync(host)).Select(n => n.Id).SequenceEqual(["us-1"])),
                "eu-1 is still listed");

            // us-1 drains: listed as draining, not ready, nobody new, and at the deadline everyone is sent away.
            using var drain = await host.Http.PostAsync("/api/cluster/nodes/us-1/drain?deadlineSeconds=0.5", null);
            Assert.Equal(HttpStatusCode.Accepted, drain.StatusCode);
            Assert.True(await WaitUntilAsync(async () => (await NodesAsync(host)).Single().State == "draining"), "us-1 never listed as draining");
            using var ready = await us.Http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var newcomer = await host.ConnectAsync("r-new", await host.DevTokenAsync("r-new", "dan", "viewer"));
            var refused = await Assert.ThrowsAsync<HubException>(() => newcomer.JoinAsync(new JoinRequest { Room = "r-new" }));
            Assert.Contains("no SFU node can take you now", refused.Message);
            Assert.Equal("us-1", (await bob.Client.NextRejoinAsync()).AvoidNode);
            Assert.Equal("the node is draining", (await carol.Client.NextRejoinAsync()).Reason);
            Assert.True(await WaitUntilAsync(async () => (await NodesAsync(host)).Single().Participants == 0), "us-1 did not empty");

            string metrics = await host.Http.GetStringAsync("/metrics");
            Assert.Contains("rtclive_placements_total{region=\"us\"}", metrics);
            Assert.Contains("rtclive_failovers_total", metrics);
        }
        finally
        {
            await eu.DisposeAsync();
        }
    }

    private sealed record ListedNode(string Id, string Region, string State, int Participants);

    private static async Task<IReadOnlyList<ListedNode>> NodesAsync(SignalingTestHost host)
    {
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        return document.RootElement.GetProperty("nodes").EnumerateArray()
            .Select(n => new ListedNode(n.GetProperty("id").GetString()!, n.GetProperty("region").GetString()!, n.GetProperty("state").GetString()!,
                n.GetProperty("participants").GetInt32()))
            .ToList();
    }

    private static async Task<(RoomHubClient Client, JoinResult Join)> JoinAsync(SignalingTestHost host, string room, string name, string? region)
    {
        var client = await host.ConnectAsync(room, await host.DevTokenAsync(room, name, "viewer"));
        return (client, await client.JoinAsync(new JoinRequest { Room = room, Region = region }));
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }
}
