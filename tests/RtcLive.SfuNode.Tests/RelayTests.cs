using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RtcLive.Cluster.Tests;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// A room over two nodes in two regions: the presenter publishes on eu-1, a viewer in us is placed on us-1,
/// and us-1 pulls the room from eu-1 over a relay link (DTLS-SRTP between the nodes). The link is listed in
/// /api/cluster while it carries the room and goes away when nobody on us-1 needs it.
/// </summary>
public sealed class RelayTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Room = "astronomy";

    [Fact]
    public async Task A_viewer_in_another_region_receives_the_presenter_over_a_relay_link()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        await using var eu = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        await using var us = await SfuNodeTestHost.StartAsync(id: "us-1", region: "us", extra: cluster);
        await using var host = await StartSignalingAsync(cluster);
        Assert.True(await WaitUntilAsync(async () => (await ClusterAsync(host)).Nodes == 2), "the nodes never registered");

        using var publisher = await PublishPresenterOnEuAsync(host);

        using var sending = new CancellationTokenSource();
        var sender = new SyntheticPresenterMedia(publisher, publisher.FindMedia("0")!, publisher.FindMedia("1")!).RunAsync(sending.Token);
        try
        {
            var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
            var joined = await viewer.JoinAsync(new JoinRequest { Room = Room, Region = "us" });
            Assert.Equal("us-1", joined.Node);

            // The relayed tracks reach bob as alice's, in an offer from his own node.
            SubscriberOfferMessage toBob;
            do toBob = await viewer.NextOfferAsync();
            while (toBob.Tracks.Count < 2);
            Assert.All(toBob.Tracks, t => Assert.Equal("alice", t.ParticipantId));
            var received = new ReceivedMedia();
            using var viewerPeer = new ClientPeer { Receiver = received };
            await viewer.AnswerSubscriptionAsync(viewerPeer.AcceptOffer(toBob.Sdp));
            await viewerPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
            byte videoPt = viewerPeer.FindMedia(toBob.Tracks.Single(t => t.Kind == "video").Mid)!.PayloadType;
            byte audioPt = viewerPeer.FindMedia(toBob.Tracks.Single(t => t.Kind == "audio").Mid)!.PayloadType;
            Assert.True(await WaitUntilAsync(() => Task.FromResult(received.Packets(videoPt) >= 20 && received.Packets(audioPt) >= 20)),
                $"bob got {received.Packets(videoPt)} video and {received.Packets(audioPt)} audio packets over the relay");

            // The link directory is in the nodes' records, written a beat after the link comes up.
            Assert.True(await WaitUntilAsync(async () => (await ClusterAsync(host)).Links.Contains((Room, "eu-1", "us-1"))), "the link is not listed");
            Assert.DoesNotContain(joined.Participants, p => p.Id.StartsWith("relay:", StringComparison.Ordinal));
            string metrics = await us.Http.GetStringAsync("/metrics");
            Assert.Contains("rtclive_relay_links 1", metrics);
            Assert.Contains("rtclive_relay_packets_total", metrics);
            Assert.Matches(@"(?m)^rtclive_relay_bytes_total [1-9]", metrics);
            Assert.Matches(@"(?m)^rtclive_relay_payload_bytes_total [1-9]", metrics);

            // Bob leaves: us-1 needs the room no more, and the link goes.
            await viewer.LeaveAsync();
            Assert.True(await WaitUntilAsync(async () => (await ClusterAsync(host)).Links.Count == 0), "the relay link outlived its last viewer");
        }
        finally
        {
            await sending.CancelAsync();
            await sender.WaitAsync(SignalingTestHost.Timeout);
        }
    }

    [Fact]
    public async Task A_room_crosses_into_a_region_once_and_the_regions_other_nodes_pull_from_its_first()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        await using var eu = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        // us-1 takes one participant: the second viewer in us lands on us-2.
        await using var us1 = await SfuNodeTestHost.StartAsync(id: "us-1", region: "us",
            extra: new Dictionary<string, string?>(cluster) { ["RtcLive:Node:Capacity"] = "1" });
        await using var us2 = await SfuNodeTestHost.StartAsync(id: "us-2", region: "us", extra: cluster);
        await using var host = await StartSignalingAsync(cluster);
        Assert.True(await WaitUntilAsync(async () => (await ClusterAsync(host)).Nodes == 3), "the nodes never registered");

        using var publisher = await PublishPresenterOnEuAsync(host);

        using var sending = new CancellationTokenSource();
        var sender = new SyntheticPresenterMedia(publisher, publisher.FindMedia("0")!, publisher.FindMedia("1")!).RunAsync(sending.Token);
        var peers = new List<ClientPeer>();
        try
        {
            var nodesUsed = new List<string>();
            foreach (string name in new[] { "bob", "carol" })
            {
                var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, name, "viewer"));
                var joined = await viewer.JoinAsync(new JoinRequest { Room = Room, Region = "us" });
                nodesUsed.Add(joined.Node);
                SubscriberOfferMessage toViewer;
                do toViewer = await viewer.NextOfferAsync();
                while (toViewer.Tracks.Count < 2);
                var received = new ReceivedMedia();
                var peer = new ClientPeer { Receiver = received };
                peers.Add(peer);
                await viewer.AnswerSubscriptionAsync(peer.AcceptOffer(toViewer.Sdp));
                await peer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
                byte videoPt = peer.FindMedia(toViewer.Tracks.Single(t => t.Kind == "video").Mid)!.PayloadType;
                Assert.True(await WaitUntilAsync(() => Task.FromResult(received.Packets(videoPt) >= 20)),
                    $"{name} on {joined.Node} got {received.Packets(videoPt)} video packets");
            }
            Assert.Equal(["us-1", "us-2"], nodesUsed.Order());

            // One long-haul link into us; the region's other node pulls from the first (listed a beat after).
            Assert.True(await WaitUntilAsync(async () => (await ClusterAsync(host)).Links.Count == 2), "the two links are not listed");
            var view = await ClusterAsync(host);
            Assert.Single(view.Links, l => l.From == "eu-1");
            Assert.Equal(2, view.Links.Count);
            Assert.Contains(view.Links, l => l.From.StartsWith("us-", StringComparison.Ordinal) && l.To.StartsWith("us-", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var peer in peers) peer.Dispose();
            await sending.CancelAsync();
            await sender.WaitAsync(SignalingTestHost.Timeout);
        }
    }

    [Fact]
    public async Task The_link_carries_exactly_the_simulcast_layers_the_edge_viewers_want()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        await using var eu = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        await using var us = await SfuNodeTestHost.StartAsync(id: "us-1", region: "us", extra: cluster);
        await using var host = await StartSignalingAsync(cluster);
        Assert.True(await WaitUntilAsync(async () => (await ClusterAsync(host)).Nodes == 2), "the nodes never registered");
        // The counters are the process's (both nodes run in it; only us-1 pulls): this test looks at their growth.
        var before = await LayerPacketsAsync(us);

        using var publisher = await PublishPresenterOnEuAsync(host);
        using var sending = new CancellationTokenSource();
        // The presenter sends q, h and f all along.
        var sender = new SyntheticPresenterMedia(publisher, publisher.FindMedia("0")!, publisher.FindMedia("1")!).RunAsync(sending.Token);
        var viewers = new List<(RoomHubClient Hub, ClientPeer Peer, ReceivedMedia Media, byte VideoPt)>();
        try
        {
            foreach (string name in new[] { "bob", "carol" })
            {
                var hub = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, name, "viewer"));
                Assert.Equal("us-1", (await hub.JoinAsync(new JoinRequest { Room = Room, Region = "us" })).Node);
                await hub.SetLayerAsync("q");
                SubscriberOfferMessage offer;
                do offer = await hub.NextOfferAsync();
                while (offer.Tracks.Count < 2);
                var media = new ReceivedMedia();
                var peer = new ClientPeer { Receiver = media };
                await hub.AnswerSubscriptionAsync(peer.AcceptOffer(offer.Sdp));
                await peer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
                viewers.Add((hub, peer, media, peer.FindMedia(offer.Tracks.Single(t => t.Kind == "video").Mid)!.PayloadType));
            }
            var (bob, carol) = (viewers[0], viewers[1]);
            Assert.True(await WaitUntilAsync(() => Task.FromResult(viewers.All(v => v.Media.Packets(v.VideoPt) >= 50 && v.Media.LastMarker(v.VideoPt) == 0))),
                "the viewers did not both decode q over the relay");

            // Two viewers at q: the link carries q only, while the presenter sends all three.
            await Task.Delay(1000);
            var atQ = await LayerPacketsAsync(us);
            Assert.True(atQ.Q - before.Q >= 50, $"only {atQ.Q - before.Q} q packets crossed the link");
            Assert.Equal(0, atQ.H - before.H);
            Assert.Equal(0, atQ.F - before.F);
            Assert.Equal((1, 0, 0), await LayersPulledAsync(us));

            // Carol asks for f: the edge adds it, and she decodes f (the payload names its layer) while bob stays at q.
            await carol.Hub.SetLayerAsync("f");
            Assert.True(await WaitUntilAsync(() => Task.FromResult(carol.Media.LastMarker(carol.VideoPt) == 2)), "carol never decoded f");
            int carolBefore = carol.Media.Packets(carol.VideoPt);
            Assert.True(await WaitUntilAsync(() => Task.FromResult(carol.Media.Packets(carol.VideoPt) >= carolBefore + 50 && carol.Media.LastMarker(carol.VideoPt) == 2)),
                "carol stopped receiving f");
            Assert.Equal(0, bob.Media.LastMarker(bob.VideoPt));
            var withF = await LayerPacketsAsync(us);
            Assert.True(withF.F - atQ.F >= 50, $"only {withF.F - atQ.F} f packets crossed the link");
            Assert.Equal(0, withF.H - before.H);
            Assert.Equal((1, 0, 1), await LayersPulledAsync(us));

            // Carol leaves: nobody wants f, which goes after the hold-down (not before), q stays for bob.
            var left = System.Diagnostics.Stopwatch.StartNew();
            await carol.Hub.LeaveAsync();
            Assert.True(await WaitUntilAsync(async () => await LayersPulledAsync(us) == (1, 0, 0)), "f was never dropped");
            Assert.True(left.ElapsedMilliseconds >= Relay.Layers.RelayLayerSet.DefaultHoldDownMs - 500,
                $"f was dropped {left.ElapsedMilliseconds} ms after its last viewer left, inside the hold-down");
            await Task.Delay(500);
            var dropped = await LayerPacketsAsync(us);
            int bobBefore = bob.Media.Packets(bob.VideoPt);
            await Task.Delay(1000);
            var after = await LayerPacketsAsync(us);
            Assert.Equal(dropped.F, after.F);
            Assert.True(after.Q > dropped.Q, "q stopped crossing the link");
            Assert.True(bob.Media.Packets(bob.VideoPt) > bobBefore, "bob stopped receiving");
            Assert.Equal(0, bob.Media.LastMarker(bob.VideoPt));
            Assert.Equal(0, after.H - before.H);
        }
        finally
        {
            foreach (var viewer in viewers) viewer.Peer.Dispose();
            await sending.CancelAsync();
            await sender.WaitAsync(SignalingTestHost.Timeout);
        }
    }

    private static async Task<(long Q, long H, long F)> LayerPacketsAsync(SfuNodeTestHost node)
    {
        string metrics = await node.Http.GetStringAsync("/metrics");
        return ((long)Metric(metrics, "rtclive_relay_layer_packets_total", "q"), (long)Metric(metrics, "rtclive_relay_layer_packets_total", "h"),
            (long)Metric(metrics, "rtclive_relay_layer_packets_total", "f"));
    }

    private static async Task<(int Q, int H, int F)> LayersPulledAsync(SfuNodeTestHost node)
    {
        string metrics = await node.Http.GetStringAsync("/metrics");
        return ((int)Metric(metrics, "rtclive_relay_layers_pulled", "q"), (int)Metric(metrics, "rtclive_relay_layers_pulled", "h"),
            (int)Metric(metrics, "rtclive_relay_layers_pulled", "f"));
    }

    /// <summary>A series' value in Prometheus text; 0 when the series is not there yet.</summary>
    private static double Metric(string text, string name, string layer)
    {
        var match = Regex.Match(text, $@"^{name}\{{layer=""{layer}""\}} (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Signaling in cluster mode in region eu, us 80 away.</summary>
    private static Task<SignalingTestHost> StartSignalingAsync(Dictionary<string, string?> cluster) =>
        SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>(cluster)
        {
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Region"] = "eu",
            ["RtcLive:Placement:RegionCosts:eu-us"] = "80",
        });

    /// <summary>Alice joins (placed on eu-1) and publishes a simulcast camera and a microphone; the peer is connected.</summary>
    private static async Task<ClientPeer> PublishPresenterOnEuAsync(SignalingTestHost host)
    {
        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        Assert.Equal("eu-1", (await presenter.JoinAsync(new JoinRequest { Room = Room })).Node);
        var publisher = new ClientPeer();
        string offer = publisher.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        publisher.SetRemoteAnswer(await presenter.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await publisher.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        return publisher;
    }

    private sealed record View(int Nodes, List<(string Room, string From, string To)> Links);

    private static async Task<View> ClusterAsync(SignalingTestHost host)
    {
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        var links = document.RootElement.GetProperty("links").EnumerateArray()
            .Select(l => (l.GetProperty("room").GetString()!, l.GetProperty("from").GetString()!, l.GetProperty("to").GetString()!)).ToList();
        return new View(document.RootElement.GetProperty("nodes").GetArrayLength(), links);
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }
}
