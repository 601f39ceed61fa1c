using System.Net;
using System.Text.Json;
using RtcLive.Signaling.Hosting;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// Signaling in front of a standalone node (cluster mode's wiring): SignalR clients join and publish through
/// signaling, signaling reaches the node only over its HTTP control API, and media flows between client peers
/// and the node's own UDP port.
/// </summary>
public sealed class ThroughSignalingTests
{
    private const string Room = "chemistry";

    [Fact]
    public async Task A_viewer_receives_the_presenters_media_through_signaling_and_a_standalone_node()
    {
        await using var node = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu");
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["RtcLive:Sfu:ControlUrl"] = node.BaseAddress.ToString(),
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
        });

        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        var presenterJoin = await presenter.JoinAsync(new JoinRequest { Room = Room });
        Assert.Equal("eu-1", presenterJoin.Node);
        using var publisherPeer = new ClientPeer();
        string offer = publisherPeer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        publisherPeer.SetRemoteAnswer(await presenter.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await publisherPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        await viewer.JoinAsync(new JoinRequest { Room = Room });
        var subscriberOffer = await viewer.NextOfferAsync();
        var videoTrack = Assert.Single(subscriberOffer.Tracks, t => t.Kind == "video");
        var audioTrack = Assert.Single(subscriberOffer.Tracks, t => t.Kind == "audio");
        var received = new ReceivedMedia();
        using var viewerPeer = new ClientPeer { Receiver = received };
        await viewer.AnswerSubscriptionAsync(viewerPeer.AcceptOffer(subscriberOffer.Sdp));
        await viewerPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        byte videoPt = viewerPeer.FindMedia(videoTrack.Mid)!.PayloadType;
        byte audioPt = viewerPeer.FindMedia(audioTrack.Mid)!.PayloadType;

        using var sending = new CancellationTokenSource();
        var sender = new SyntheticPresenterMedia(publisherPeer, publisherPeer.FindMedia("0")!, publisherPeer.FindMedia("1")!).RunAsync(sending.Token);
        try
        {
            Assert.True(await WaitUntilAsync(() => received.Packets(videoPt) >= 20 && received.Packets(audioPt) >= 20),
                $"viewer got {received.Packets(videoPt)} video and {received.Packets(audioPt)} audio packets");

            await viewer.SetLayerAsync("q");
            Assert.True(await WaitUntilAsync(async () => (await viewer.GetStatsAsync()).Tracks.Any(t => t.Kind == "video" && t.Rid == "q")),
                "the layer choice did not reach the node");
            Assert.Equal("eu-1", (await viewer.GetStatsAsync()).Node);

            using var cluster = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
            var listed = Assert.Single(cluster.RootElement.GetProperty("nodes").EnumerateArray());
            Assert.Equal(("eu-1", "eu", 2), (listed.GetProperty("id").GetString(), listed.GetProperty("region").GetString(),
                listed.GetProperty("participants").GetInt32()));

            Assert.Equal("ready\n", await host.Http.GetStringAsync("/readyz"));
            Assert.Equal("ready\n", await node.Http.GetStringAsync("/readyz"));
            string metrics = await node.Http.GetStringAsync("/metrics");
            Assert.Contains("\nrtclive_participants{role=\"viewer\"} 1", metrics);

            using var echo = await host.Http.PostAsync("/api/echo", new StringContent("v=0", System.Text.Encoding.UTF8, "application/sdp"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, echo.StatusCode);
            Assert.Contains("embedded mode only", await echo.Content.ReadAsStringAsync());
        }
        finally
        {
            await sending.CancelAsync();
            await sender.WaitAsync(SignalingTestHost.Timeout);
        }

        await viewer.LeaveAsync();
        Assert.True(await WaitUntilAsync(async () => (await presenter.NextParticipantLeftAsync()).Participant.Id == "bob"));
    }

    [Fact]
    public async Task Signaling_whose_node_never_answers_refuses_to_start_and_says_which_node()
    {
        int closedPort;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var app = SignalingApp.Build([], new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["RtcLive:Auth:Secret"] = SignalingTestHost.Secret,
            ["RtcLive:Sfu:ControlUrl"] = $"http://127.0.0.1:{closedPort}",
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Sfu:ConnectTimeout"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using (app)
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync().WaitAsync(SignalingTestHost.Timeout));
            Assert.Contains($"the SFU node at http://127.0.0.1:{closedPort} did not answer within 1 s", refused.Message);
        }
    }

    private static Task<bool> WaitUntilAsync(Func<bool> done) => WaitUntilAsync(() => Task.FromResult(done()));

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + SignalingTestHost.Timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }
}
