using RtcLive.Sfu.Forwarding;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Sdp;
using Xunit.Abstractions;

namespace RtcLive.Sfu.Tests.Rooms;

/// <summary>
/// A presenter publishes simulcast VP8 through a real node; viewers receive one continuous stream each, on the
/// layer they asked for, and switching layers keeps sequence numbers and picture ids continuous.
/// </summary>
public sealed class RoomForwardingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Viewers_receive_the_presenters_video_as_one_continuous_stream_and_switch_layers_on_keyframes()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        var viewers = new[] { rig.Room.Join("bob", "Bob", ParticipantRole.Viewer), rig.Room.Join("carol", "Carol", ParticipantRole.Viewer) };

        var (publisherPeer, video) = await rig.PublishAsync(presenter, simulcast: true);
        var publisherFeedback = new ReceivedVideo();
        publisherPeer.Receiver = publisherFeedback;
        var sender = new SyntheticVp8Sender(publisherPeer, video);
        Assert.Equal(3, sender.LayerCount);

        var received = new[] { new ReceivedVideo(), new ReceivedVideo() };
        for (int i = 0; i < viewers.Length; i++)
            await rig.SubscribeAsync(viewers[i], received[i]);

        var videoConsumers = viewers.Select(v => v.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Video)).ToArray();
        videoConsumers[0].RequestLayer(new SimulcastPreference(ManualLayer: 0));
        videoConsumers[1].RequestLayer(new SimulcastPreference(ManualLayer: 2));

        int frame = 0;
        async Task SendFramesAsync(int count)
        {
            for (int i = 0; i < count; i++, frame++)
            {
                // A keyframe on every layer at the start, then whenever the SFU asked for one.
                bool keyframe = frame == 0 || Interlocked.Exchange(ref pliSeen, 0) != 0 || frame % 60 == 0;
                for (int layer = 0; layer < 3; layer++) Assert.True(sender.SendFrame(layer, frame, keyframe));
                await Task.Delay(5);
                if (publisherFeedback.PictureLossIndications > plisCounted)
                {
                    plisCounted = publisherFeedback.PictureLossIndications;
                    pliSeen = 1;
                }
            }
        }

        await SendFramesAsync(40);
        Assert.True(await received[0].WaitUntilAsync(r => r.Count >= 30, TimeSpan.FromSeconds(5)), $"bob got {received[0].Count}");
        Assert.True(await received[1].WaitUntilAsync(r => r.Count >= 30, TimeSpan.FromSeconds(5)), $"carol got {received[1].Count}");

        var bob = received[0].Snapshot();
        var carol = received[1].Snapshot();
        Assert.All(bob, f => Assert.Equal(0, f.Layer));   // manual choice: the lowest layer
        // Manual choice: the full layer, as soon as it is active and has sent a keyframe (until then the lowest).
        int carolFull = carol.FindIndex(f => f.Layer == 2);
        Assert.True(carolFull >= 0, "carol never got the full layer");
        Assert.All(carol.GetRange(carolFull, carol.Count - carolFull), f => Assert.Equal(2, f.Layer));
        AssertContinuous(bob, videoConsumers[0].Ssrc);
        AssertContinuous(carol, videoConsumers[1].Ssrc);

        // Bob asks for the full layer: the node requests a keyframe, switches on it, and the stream stays continuous.
        videoConsumers[0].RequestLayer(new SimulcastPreference(ManualLayer: 2));
        int before = received[0].Count;
        await SendFramesAsync(40);
        Assert.True(await received[0].WaitUntilAsync(r => r.Snapshot().Any(f => f.Layer == 2), TimeSpan.FromSeconds(5)));
        await Task.Delay(100);
        bob = received[0].Snapshot();
        output.WriteLine($"bob: {bob.Count} packets, layers {string.Join(",", bob.Select(f => f.Layer).Distinct())}; PLIs to the publisher {publisherFeedback.PictureLossIndications}; switches {videoConsumers[0].Selector!.SwitchCount}");
        AssertContinuous(bob, videoConsumers[0].Ssrc);
        Assert.True(publisherFeedback.PictureLossIndications >= 1, "the switch asked the publisher for a keyframe");
        // The publisher hears how its packets arrived (so a browser's sender can ramp up), and viewers get sender reports.
        var (feedbackPackets, statuses) = publisherFeedback.TransportCcFeedbackReceived;
        output.WriteLine($"transport-cc feedback to the publisher: {feedbackPackets} packets covering {statuses} statuses; sender reports to bob: {received[0].SenderReports}");
        Assert.True(feedbackPackets >= 3, $"transport-cc feedback packets: {feedbackPackets}");
        Assert.True(statuses >= 200, $"packet statuses reported: {statuses} of {frame * 3} sent");
        Assert.True(received[0].SenderReports >= 1, "no sender report reached the viewer");
        Assert.True(publisherFeedback.ReceiverReports >= 1, "no receiver report reached the publisher");
        Assert.Equal(1, videoConsumers[0].Selector!.SwitchCount);
        int firstFull = bob.FindIndex(f => f.Layer == 2);
        Assert.True(firstFull >= before - 5, "the switch happened after the preference changed");
        Assert.All(bob.GetRange(firstFull, bob.Count - firstFull), f => Assert.Equal(2, f.Layer));
    }

    private int pliSeen;
    private int plisCounted;

    /// <summary>One SSRC, sequence numbers without gaps, picture ids +1 per frame, timestamps never going back.</summary>
    private static void AssertContinuous(List<ReceivedFrame> frames, uint ssrc)
    {
        Assert.All(frames, f => Assert.Equal(ssrc, f.Ssrc));
        Assert.All(frames, f => Assert.Equal(96, f.PayloadType));
        for (int i = 1; i < frames.Count; i++)
        {
            Assert.Equal((ushort)(frames[i - 1].Sequence + 1), frames[i].Sequence);
            Assert.Equal((frames[i - 1].PictureId + 1) & 0x7FFF, frames[i].PictureId);
            Assert.True((int)(frames[i].Timestamp - frames[i - 1].Timestamp) > 0, $"timestamp went back at {i}");
        }
    }
}
