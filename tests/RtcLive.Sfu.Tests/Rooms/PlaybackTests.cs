using RtcLive.Sfu.Media;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Tests.Rooms;

/// <summary>
/// A playback-only viewer (how WHEP works) brings its own offer, may arrive before the presenter, and gets the
/// presenter's camera on the SSRC our answer announced, with no renegotiation.
/// </summary>
public sealed class PlaybackTests
{
    [Fact]
    public async Task A_viewer_that_arrives_first_gets_the_presenters_video_when_they_start()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        using var viewerPeer = new ClientPeer();
        string offer = viewerPeer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.RecvOnly),
            new ClientTransceiver(MediaKind.Audio, MediaDirection.RecvOnly));

        var viewer = rig.Room.JoinForPlayback("whep-1", "whep-1", offer, out string answerSdp);
        var received = new ReceivedVideo();
        viewerPeer.Receiver = received;
        viewerPeer.SetRemoteAnswer(answerSdp);
        await viewerPeer.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(SpinWait.SpinUntil(() => viewer.Subscriber.IsConnected, TimeSpan.FromSeconds(10)));
        var announced = SdpParser.Parse(answerSdp).FindMedia("0")!.GetMediaSsrcs().Single();

        // The presenter starts after the viewer is connected; a speaker's camera must not take the slot.
        var speaker = rig.Room.Join("sam", "Sam", ParticipantRole.Speaker);
        await rig.PublishAsync(speaker, simulcast: false);
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        var (publisherPeer, video) = await rig.PublishAsync(presenter, simulcast: true);
        var sender = new SyntheticVp8Sender(publisherPeer, video);
        for (int frame = 0; frame < 30; frame++)
        {
            for (int layer = 0; layer < 3; layer++) sender.SendFrame(layer, frame, keyframe: frame % 10 == 0);
            await Task.Delay(5);
        }

        Assert.True(await received.WaitUntilAsync(r => r.Count >= 10, TimeSpan.FromSeconds(5)), $"received {received.Count}");
        Assert.All(received.Snapshot(), f => Assert.Equal(announced, f.Ssrc));
        // The presenter's camera and microphone fill the two slots; the speaker's tracks found no slot.
        Assert.Equal(2, viewer.Subscriber.Consumers.Count);
        Assert.All(viewer.Subscriber.Consumers, c => Assert.Same(presenter, c.Producer.Owner));
        Assert.Equal([TrackSource.Camera, TrackSource.Microphone], viewer.Subscriber.Consumers.Select(c => c.Producer.Source).Order());
        Assert.False(rig.HasOffer("whep-1"), "a playback viewer is never sent an offer");
    }
}
