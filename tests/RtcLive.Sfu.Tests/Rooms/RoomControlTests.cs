using System.Collections.Concurrent;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Tests.Rooms;

/// <summary>Roles, identities, leaving and loss repair, each through a real node and client peers.</summary>
public sealed class RoomControlTests
{
    [Fact]
    public async Task A_viewer_may_not_publish_and_the_room_is_unchanged()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var viewer = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly));

        var error = Assert.Throws<PublishNotAllowedException>(() => rig.Room.Publish(viewer, offer, []));
        Assert.Contains("viewer may not publish", error.Message);
        Assert.Empty(viewer.Producers);
        Assert.Null(viewer.Publisher);
    }

    [Fact]
    public async Task Joining_again_with_the_same_identity_replaces_the_old_session_at_once()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var left = new ConcurrentQueue<RoomEvent.ParticipantLeft>();
        rig.Room.Events += e => { if (e is RoomEvent.ParticipantLeft l) left.Enqueue(l); };

        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        await rig.PublishAsync(presenter, simulcast: false);
        var first = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        await rig.SubscribeAsync(first, new ReceivedVideo());
        var firstTransport = first.Subscriber.Transport!;

        var second = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);

        Assert.NotSame(first, second);
        Assert.Same(second, rig.Room.Participants.Single(p => p.Id == "bob"));
        Assert.Contains(left, l => l.Participant == first && l.Reason.Contains("replaced"));
        Assert.Equal(WebRtc.Transport.MediaTransportState.Closed, firstTransport.State);
        // Only the new session consumes the presenter's tracks.
        Assert.All(presenter.Producers, p => Assert.All(p.Consumers, c => Assert.Same(second.Subscriber, c.Session)));
    }

    [Fact]
    public async Task A_viewer_whose_tab_dies_is_removed_after_consent_expires_and_the_others_carry_on()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig(consentTimeout: TimeSpan.FromSeconds(2));
        var left = new ConcurrentQueue<RoomEvent.ParticipantLeft>();
        rig.Room.Events += e => { if (e is RoomEvent.ParticipantLeft l) left.Enqueue(l); };
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        var (publisherPeer, video) = await rig.PublishAsync(presenter, simulcast: false);
        var sender = new SyntheticVp8Sender(publisherPeer, video);
        var dying = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        var bobPeer = await rig.SubscribeAsync(dying, new ReceivedVideo());
        var carol = rig.Room.Join("carol", "Carol", ParticipantRole.Viewer);
        var carolVideo = new ReceivedVideo();
        await rig.SubscribeAsync(carol, carolVideo);

        bobPeer.Abort(); // the tab is gone: no close_notify, no more consent checks
        var deadline = DateTime.UtcNow.AddSeconds(8);
        int frame = 0;
        while (!left.Any(l => l.Participant == dying) && DateTime.UtcNow < deadline)
        {
            sender.SendFrame(0, frame, keyframe: frame++ % 30 == 0);
            await Task.Delay(20);
        }

        var gone = Assert.Single(left);
        Assert.Same(dying, gone.Participant);
        Assert.Contains("consent", gone.Reason);
        Assert.Equal(["alice", "carol"], rig.Room.Participants.Select(p => p.Id).Order());
        int before = carolVideo.Count;
        for (int i = 0; i < 10; i++, frame++)
        {
            sender.SendFrame(0, frame, keyframe: false);
            await Task.Delay(10);
        }
        Assert.True(await carolVideo.WaitUntilAsync(r => r.Count >= before + 10, TimeSpan.FromSeconds(5)), "carol stopped receiving");
    }

    [Fact]
    public async Task A_publish_only_participant_receives_nothing_and_is_never_offered_anything()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var encoder = rig.Room.JoinPublishOnly("whip-1", "whip-1", ParticipantRole.Presenter);
        await rig.PublishAsync(encoder, simulcast: false);
        var speaker = rig.Room.Join("sam", "Sam", ParticipantRole.Speaker);
        await rig.PublishAsync(speaker, simulcast: false);

        Assert.Empty(encoder.Subscriber.Consumers);
        Assert.False(rig.HasOffer("whip-1"));
        Assert.Equal(2, rig.NextOffer("sam").Consumers.Count); // the speaker does receive the encoder's tracks
    }

    [Fact]
    public async Task When_the_presenter_leaves_their_tracks_end_and_viewers_are_offered_the_change()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var unpublished = new ConcurrentQueue<RoomEvent.TrackUnpublished>();
        rig.Room.Events += e => { if (e is RoomEvent.TrackUnpublished u) unpublished.Enqueue(u); };
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        await rig.PublishAsync(presenter, simulcast: false);
        var viewer = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        await rig.SubscribeAsync(viewer, new ReceivedVideo());
        Assert.Equal(2, viewer.Subscriber.Consumers.Count);

        rig.Room.Leave(presenter, "left the class");

        Assert.Equal(2, unpublished.Count);
        Assert.Empty(viewer.Subscriber.Consumers);
        var offer = SdpParser.Parse(rig.NextOffer("bob").Sdp);
        Assert.All(offer.Media, m => Assert.Equal(MediaDirection.Inactive, offer.GetDirection(m)));
    }

    [Fact]
    public async Task A_packet_lost_before_the_sfu_is_asked_of_the_publisher_when_a_viewer_reports_it()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        var (publisherPeer, video) = await rig.PublishAsync(presenter, simulcast: false);
        var publisherFeedback = new ReceivedVideo();
        publisherPeer.Receiver = publisherFeedback;
        var sender = new SyntheticVp8Sender(publisherPeer, video);
        var viewer = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        var received = new ReceivedVideo();
        var viewerPeer = await rig.SubscribeAsync(viewer, received);
        var consumer = viewer.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);

        ushort lostAtSource = 0;
        for (int frame = 0; frame < 20; frame++)
        {
            if (frame == 10) lostAtSource = sender.LoseNextPacket(0);
            sender.SendFrame(0, frame, keyframe: frame == 0);
            await Task.Delay(2);
        }
        Assert.True(await received.WaitUntilAsync(r => r.Count >= 20, TimeSpan.FromSeconds(5)));
        var frames = received.Snapshot();
        ushort gap = (ushort)(frames.Single(f => f.Frame == 9).Sequence + 1);
        Assert.Equal((ushort)(gap + 1), frames.Single(f => f.Frame == 10).Sequence); // the loss stays visible to the viewer

        byte[] nack = new byte[64];
        int length = GenericNack.Write(nack, 1, consumer.Ssrc, [gap]);
        Assert.True(viewerPeer.SendRtcp(nack.AsSpan(0, length)));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (publisherFeedback.Nacked.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal([(sender.Ssrcs[0], lostAtSource)], publisherFeedback.Nacked);
        Assert.Equal(0, consumer.PacketsResent);
    }

    [Fact]
    public async Task A_packet_a_viewer_without_rtx_reports_lost_is_sent_again_exactly_as_before()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        var (publisherPeer, video) = await rig.PublishAsync(presenter, simulcast: false);
        var sender = new SyntheticVp8Sender(publisherPeer, video);
        var viewer = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        var received = new ReceivedVideo();
        // This viewer's answer drops the rtx the node offers, so repairs must stay in the media stream.
        var withoutRtx = new ClientAnswerOptions { VideoCodecs = [new CodecCapability("VP8", 90000, withRtx: false)] };
        var viewerPeer = await rig.SubscribeAsync(viewer, received, withoutRtx);
        var consumer = viewer.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        Assert.Null(viewerPeer.FindMedia(consumer.Mid)!.RtxPayloadType);
        Assert.False(consumer.Rtx!.IsNegotiated);
        // The network loses the viewer's 11th packet (frame 10).
        viewerPeer.DropIncomingRtp = index => index == 10;

        for (int frame = 0; frame < 20; frame++)
        {
            sender.SendFrame(0, frame, keyframe: frame == 0);
            await Task.Delay(2);
        }
        Assert.True(await received.WaitUntilAsync(r => r.Count >= 19, TimeSpan.FromSeconds(5)));
        var before = received.Snapshot();
        Assert.DoesNotContain(before, f => f.Frame == 10);
        ushort lost = (ushort)(before.Single(f => f.Frame == 9).Sequence + 1);
        Assert.Equal(lost, (ushort)(before.Single(f => f.Frame == 11).Sequence - 1)); // the loss shows as a gap

        byte[] nack = new byte[64];
        int length = GenericNack.Write(nack, 1, consumer.Ssrc, [lost]);
        Assert.True(viewerPeer.SendRtcp(nack.AsSpan(0, length)));

        Assert.True(await received.WaitUntilAsync(r => r.Count >= 20, TimeSpan.FromSeconds(5)), "no resend arrived");
        var resent = received.Snapshot()[^1];
        var neighbour = before.Single(f => f.Frame == 9);
        Assert.Equal((10, lost, consumer.Ssrc), (resent.Frame, resent.Sequence, resent.Ssrc));
        Assert.Equal((neighbour.PictureId + 1) & 0x7FFF, resent.PictureId);
        Assert.Equal(neighbour.Timestamp + 3000, resent.Timestamp);
        // The node counts the resend just after handing it to the socket, so the viewer may see it first.
        Assert.True(SpinWait.SpinUntil(() => consumer.PacketsResent == 1, TimeSpan.FromSeconds(2)), $"resent {consumer.PacketsResent}");
        Assert.Equal(0, consumer.RtxPacketsSent);
        Assert.Equal(0, rig.Node.Counters.RtxPacketsSent);
    }
}
