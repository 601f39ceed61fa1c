using System.Text.Json;
using RtcLive.Cluster.Tests;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// A speaker in another region is heard by the presenter: the presenter publishes on eu-1, a speaker placed on
/// us-1 receives her over the eu→us link and publishes his microphone there, and eu-1 pulls it back over a us→eu
/// link, so the presenter's own receiving connection gets it.
/// </summary>
public sealed class EdgeSpeakerRelayTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Room = "debate";

    [Fact]
    public async Task A_speaker_on_an_edge_node_is_relayed_back_to_the_presenters_node()
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
        Assert.True(await WaitUntilAsync(async () => (await LinksAsync(host)).Nodes == 2), "the nodes never registered");

        // alice presents on eu-1.
        var alice = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        Assert.Equal("eu-1", (await alice.JoinAsync(new JoinRequest { Room = Room })).Node);
        using var alicePublisher = new ClientPeer();
        alicePublisher.SetRemoteAnswer(await alice.PublishAsync(alicePublisher.CreateOffer(
                new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
                new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly)),
            new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await alicePublisher.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        // bob speaks from us-1: a microphone only (his camera m-line carries no layer, so nothing is sent on it).
        var bob = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "speaker"));
        Assert.Equal("us-1", (await bob.JoinAsync(new JoinRequest { Room = Room, Region = "us" })).Node);
        using var bobPublisher = new ClientPeer();
        bobPublisher.SetRemoteAnswer(await bob.PublishAsync(bobPublisher.CreateOffer(
                new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly),
                new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly)),
            new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await bobPublisher.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        using var sending = new CancellationTokenSource();
        var aliceSends = new SyntheticPresenterMedia(alicePublisher, alicePublisher.FindMedia("0")!, alicePublisher.FindMedia("1")!).RunAsync(sending.Token);
        var bobSends = new SyntheticPresenterMedia(bobPublisher, bobPublisher.FindMedia("0")!, bobPublisher.FindMedia("1")!).RunAsync(sending.Token);
        var peers = new List<ClientPeer>();
        try
        {
            // Each hears the other through an offer from their own node.
            var aliceHears = await ReceiveAsync(alice, from: "bob", peers);
            var bobHears = await ReceiveAsync(bob, from: "alice", peers);
            Assert.True(await WaitUntilAsync(() => Task.FromResult(aliceHears.Received() >= 20 && bobHears.Received() >= 20)),
                $"alice got {aliceHears.Received()} audio packets of bob's, bob {bobHears.Received()} of alice's");

            // One link each way; both listed.
            Assert.True(await WaitUntilAsync(async () => (await LinksAsync(host)).Links.Count == 2), "the two links are not listed");
            var links = (await LinksAsync(host)).Links;
            Assert.Contains((Room, "eu-1", "us-1"), links);
            Assert.Contains((Room, "us-1", "eu-1"), links);

            // bob leaves: us-1 has nobody who needs alice (the puller of eu-1 there wants only what us-1 publishes,
            // which is nothing now), and the link back carries nothing: both close, neither keeps the other alive.
            await bob.LeaveAsync();
            Assert.True(await WaitUntilAsync(async () => (await LinksAsync(host)).Links.Count == 0, TimeSpan.FromSeconds(30)),
                $"links outlived the speaker: {string.Join(", ", (await LinksAsync(host)).Links)}");
        }
        finally
        {
            await sending.CancelAsync();
            await aliceSends.WaitAsync(SignalingTestHost.Timeout);
            await bobSends.WaitAsync(SignalingTestHost.Timeout);
            foreach (var peer in peers) peer.Dispose();
        }
    }

    private sealed record Hearing(ReceivedMedia Media, byte AudioPayloadType)
    {
        public int Received() => Media.Packets(AudioPayloadType);
    }

    /// <summary>
    /// Answers the participant's offers with one receiving peer, as a page does (the first connects it, later ones
    /// renegotiate), until an offer carries <paramref name="from"/>'s microphone.
    /// </summary>
    private static async Task<Hearing> ReceiveAsync(RoomHubClient client, string from, List<ClientPeer> peers)
    {
        var received = new ReceivedMedia();
        var peer = new ClientPeer { Receiver = received };
        peers.Add(peer);
        bool connected = false;
        while (true)
        {
            var offer = await client.NextOfferAsync();
            await client.AnswerSubscriptionAsync(peer.AcceptOffer(offer.Sdp));
            if (!connected)
            {
                await peer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
                connected = true;
            }
            var audio = offer.Tracks.FirstOrDefault(t => t.ParticipantId == from && t.Kind == "audio");
            if (audio is not null) return new Hearing(received, peer.FindMedia(audio.Mid)!.PayloadType);
        }
    }

    private static async Task<(int Nodes, List<(string Room, string From, string To)> Links)> LinksAsync(SignalingTestHost host)
    {
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        var links = document.RootElement.GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("room").GetString()!, l.GetProperty("from").GetString()!, l.GetProperty("to").GetString()!)).ToList();
        return (document.RootElement.GetProperty("nodes").GetArrayLength(), links);
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }
}
