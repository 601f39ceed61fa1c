using System.Text.Json;
using RtcLive.Cluster.Tests;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// A class spread over two nodes in two regions is listed whole to whoever joins: the participants and tracks of
/// the room's other node come with the join, not only those of the newcomer's own node.
/// </summary>
public sealed class ClusterRosterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Room = "history";

    [Fact]
    public async Task A_newcomer_is_given_the_participants_and_tracks_of_every_node_of_the_room()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        await using var eu = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        await using var us = await SfuNodeTestHost.StartAsync(id: "us-1", region: "us", extra: cluster);
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>(cluster)
        {
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Region"] = "eu",
            ["RtcLive:Placement:RegionCosts:eu-us"] = "80",
        });
        Assert.True(await WaitUntilAsync(async () => (await ParticipantsPerNodeAsync(host)).Count == 2), "the two nodes never showed in /api/cluster");

        // The presenter publishes in eu.
        var alice = await JoinAsync(host, "alice", "presenter", region: null);
        Assert.Equal("eu-1", alice.Join.Node);
        using var publisher = new ClientPeer();
        string offer = publisher.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        publisher.SetRemoteAnswer(await alice.Client.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await publisher.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        // The registry lists eu-1 with the class (a node writes its record a beat after a join; /api/cluster reads
        // the same cached registry the roster does): a node not yet listed with the room is not asked who is there.
        Assert.True(await WaitUntilAsync(async () => (await ParticipantsPerNodeAsync(host)).GetValueOrDefault("eu-1") >= 1),
            "eu-1 never listed alice");

        // bob watches from us: the presenter and her two tracks are in his list before any link exists.
        var bob = await JoinAsync(host, "bob", "viewer", region: "us");
        Assert.Equal("us-1", bob.Join.Node);
        Assert.Contains(bob.Join.Participants, p => p.Id == "alice" && p.Role == "presenter");
        Assert.Equal(["camera", "microphone"], bob.Join.Tracks.Where(t => t.ParticipantId == "alice").Select(t => t.Source).Order());
        Assert.True(await WaitUntilAsync(async () => (await ParticipantsPerNodeAsync(host)).GetValueOrDefault("us-1") >= 1),
            "us-1 never listed bob");

        // carol joins in eu: bob, who is only on us-1, is in her list, once; the relay's puller is not.
        var carol = await JoinAsync(host, "carol", "viewer", region: null);
        Assert.Equal("eu-1", carol.Join.Node);
        Assert.Equal(["alice", "bob", "carol"], carol.Join.Participants.Select(p => p.Id).Order());
        Assert.Equal(2, carol.Join.Tracks.Count);

        // dan joins in us: carol (eu-1 only) is listed, and alice once although us-1 carries a relayed copy of her.
        var dan = await JoinAsync(host, "dan", "viewer", region: "us");
        Assert.Equal("us-1", dan.Join.Node);
        Assert.Equal(["alice", "bob", "carol", "dan"], dan.Join.Participants.Select(p => p.Id).Order());
        Assert.Equal(2, dan.Join.Tracks.Select(t => t.TrackId).Distinct().Count());
        Assert.Equal(2, dan.Join.Tracks.Count);
    }

    private static async Task<Dictionary<string, int>> ParticipantsPerNodeAsync(SignalingTestHost host)
    {
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        return document.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("participants").GetInt32());
    }

    private static async Task<(RoomHubClient Client, JoinResult Join)> JoinAsync(SignalingTestHost host, string name, string role, string? region)
    {
        var client = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, name, role));
        return (client, await client.JoinAsync(new JoinRequest { Room = Room, Region = region }));
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
