using RtcLive.Cluster.Tests;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// Two signaling instances of one cluster (Redis registry, Redis classroom state, SignalR Redis backplane) in
/// front of one node: a class spread over both instances is one class, and losing an instance loses nobody.
/// </summary>
public sealed class MultiSignalingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Room = "geography";

    [Fact]
    public async Task A_class_spread_over_two_signaling_instances_is_one_class()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        var signalingSettings = new Dictionary<string, string?>(cluster)
        {
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Region"] = "eu",
        };
        await using var node = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        var first = await SignalingTestHost.StartAsync(extra: signalingSettings);
        await using var second = await SignalingTestHost.StartAsync(extra: signalingSettings);
        bool firstGone = false;
        try
        {
            // The presenter on the first instance, a viewer on the second: media, chat and hands cross over.
            var presenter = await first.ConnectAsync(Room, await first.DevTokenAsync(Room, "alice", "presenter"));
            Assert.Equal("eu-1", (await JoinWithRetryAsync(presenter)).Node);
            using var publisher = new ClientPeer();
            string offer = publisher.CreateOffer(
                new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
                new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
            publisher.SetRemoteAnswer(await presenter.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
            await publisher.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

            var viewer = await second.ConnectAsync(Room, await second.DevTokenAsync(Room, "bob", "viewer"));
            var joined = await JoinWithRetryAsync(viewer);
            Assert.Contains(joined.Participants, p => p.Id == "alice");
            Assert.Equal("bob", (await presenter.NextParticipantJoinedAsync()).Id);
            var toViewer = await viewer.NextOfferAsync();
            var received = new ReceivedMedia();
            using var viewerPeer = new ClientPeer { Receiver = received };
            await viewer.AnswerSubscriptionAsync(viewerPeer.AcceptOffer(toViewer.Sdp));
            await viewerPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
            byte videoPt = viewerPeer.FindMedia(toViewer.Tracks.Single(t => t.Kind == "video").Mid)!.PayloadType;

            using var sending = new CancellationTokenSource();
            var sender = new SyntheticPresenterMedia(publisher, publisher.FindMedia("0")!, publisher.FindMedia("1")!).RunAsync(sending.Token);
            try
            {
                Assert.True(await WaitUntilAsync(() => received.Packets(videoPt) >= 20), $"bob got {received.Packets(videoPt)} video packets");
            }
            finally
            {
                await sending.CancelAsync();
                await sender.WaitAsync(SignalingTestHost.Timeout);
            }

            await viewer.InvokeAsync("RaiseHand");
            var hand = await presenter.NextHandChangedAsync();
            Assert.Equal(("bob", true), (hand.ParticipantId, hand.Raised));
            await presenter.InvokeAsync("Chat", "welcome, bob");
            Assert.Equal("welcome, bob", (await viewer.NextChatMessageAsync()).Text);
            Assert.Equal(1, (await presenter.NextChatMessageAsync()).Id); // exactly once, not once per instance
            await Task.Delay(300);
            Assert.Equal(0, presenter.PendingChatMessages);
            Assert.Equal(0, viewer.PendingChatMessages);

            // A late joiner on the other instance finds the same class: the hand and the chat so far.
            var carol = await first.ConnectAsync(Room, await first.DevTokenAsync(Room, "carol", "viewer"));
            var late = await JoinWithRetryAsync(carol);
            Assert.Equal(["bob"], late.Hands.Select(h => h.ParticipantId));
            Assert.Equal(["welcome, bob"], late.Chat.Select(m => m.Text));

            // The first instance dies: its clients join again through the second, into the same class.
            await first.DisposeAsync();
            firstGone = true;
            var again = await second.ConnectAsync(Room, await second.DevTokenAsync(Room, "carol", "viewer"));
            var rejoined = await JoinWithRetryAsync(again);
            Assert.Equal("eu-1", rejoined.Node);
            Assert.Equal(["welcome, bob"], rejoined.Chat.Select(m => m.Text));
        }
        finally
        {
            if (!firstGone) await first.DisposeAsync();
        }
    }

    /// <summary>A fresh instance may not have read the registry yet: a join refused for want of nodes is tried again.</summary>
    private static async Task<JoinResult> JoinWithRetryAsync(RoomHubClient client)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await client.JoinAsync(new JoinRequest { Room = Room });
            }
            catch (Microsoft.AspNetCore.SignalR.HubException ex) when (attempt < 20 && ex.Message.Contains("no SFU node"))
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + SignalingTestHost.Timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }
}
