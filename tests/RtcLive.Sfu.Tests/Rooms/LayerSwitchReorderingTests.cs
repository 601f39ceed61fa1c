using RtcLive.Sfu.Forwarding;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Sdp;
using Xunit.Abstractions;

namespace RtcLive.Sfu.Tests.Rooms;

/// <summary>
/// A simulcast switch on a publisher path that reorders, through a real node and client peers: the packets of
/// the new layer's keyframe overtake its first packet, and a packet of the layer left arrives after the switch.
/// The viewer must get a stream without a hole (so nothing to NACK), the keyframe whole and in order.
/// </summary>
public sealed class LayerSwitchReorderingTests(ITestOutputHelper output)
{
    private const int Q = 0, H = 1;

    [Fact]
    public async Task A_switch_whose_keyframe_is_overtaken_by_its_own_packets_leaves_the_viewer_no_hole()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        var (publisherPeer, video) = await rig.PublishAsync(presenter, simulcast: true);
        var publisherFeedback = new ReceivedVideo();
        publisherPeer.Receiver = publisherFeedback;
        var sender = new SyntheticVp8Sender(publisherPeer, video);
        var viewer = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        var received = new ReceivedVideo();
        await rig.SubscribeAsync(viewer, received);
        var consumer = viewer.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        consumer.RequestLayer(new SimulcastPreference(ManualLayer: Q));

        // Both layers flowing in order, the viewer on q.
        int frame = 0;
        for (; frame < 40; frame++)
        {
            foreach (int layer in new[] { Q, H })
                foreach (byte[] packet in sender.BuildFrame(layer, frame, keyframe: frame == 0, packets: 2))
                    Assert.True(sender.Send(packet));
            await Task.Delay(5);
        }
        Assert.True(await received.WaitUntilAsync(r => r.Count >= 60, TimeSpan.FromSeconds(5)), $"the viewer got {received.Count}");
        Assert.Equal(Q, consumer.CurrentLayer);

        // The viewer asks for h; the node asks the publisher for a keyframe while q keeps flowing.
        consumer.RequestLayer(new SimulcastPreference(ManualLayer: H));
        int plis = publisherFeedback.PictureLossIndications;
        for (int i = 0; i < 100 && publisherFeedback.PictureLossIndications == plis; i++, frame++)
        {
            foreach (int layer in new[] { Q, H })
                foreach (byte[] packet in sender.BuildFrame(layer, frame, keyframe: false, packets: 2))
                    Assert.True(sender.Send(packet));
            await Task.Delay(10);
        }
        Assert.True(publisherFeedback.PictureLossIndications > plis, "the node never asked for h's keyframe");
        long stragglersBefore = rig.Node.Counters.SwitchStragglersForwarded;

        // The path reorders: q's next frame loses its first packet's place to its second; h's keyframe (5 packets)
        // arrives with its first packet last but one, behind the rest of the keyframe; the late q packet comes after.
        byte[][] q = sender.BuildFrame(Q, frame, keyframe: false, packets: 2);
        byte[][] key = sender.BuildFrame(H, frame, keyframe: true, packets: 5);
        frame++;
        foreach (byte[] packet in new[] { q[1], key[3], key[1], key[2], key[0], q[0], key[4] })
        {
            Assert.True(sender.Send(packet));
            await Task.Delay(2);
        }
        for (int i = 0; i < 10; i++, frame++)
        {
            foreach (int layer in new[] { Q, H })
                foreach (byte[] packet in sender.BuildFrame(layer, frame, keyframe: false, packets: 2))
                    Assert.True(sender.Send(packet));
            await Task.Delay(5);
        }

        int lastFrame = frame - 1;
        Assert.True(await received.WaitUntilAsync(r => r.Snapshot().Count(f => f.Layer == H && f.Frame == lastFrame) == 2, TimeSpan.FromSeconds(5)),
            "the last h frame never reached the viewer");
        await Task.Delay(100);
        var packets = received.Snapshot();
        output.WriteLine($"{packets.Count} packets; switches {consumer.Selector!.SwitchCount}; stragglers forwarded {rig.Node.Counters.SwitchStragglersForwarded - stragglersBefore}");

        // No hole: every number from the first to the last, once.
        var numbers = packets.Select(p => p.Sequence).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(25, packets.Count(p => p.Layer == H)); // the keyframe's 5, then 10 frames of 2
        ushort first = numbers[0];
        var offsets = numbers.Select(n => (ushort)(n - first)).OrderBy(n => n).ToList();
        Assert.Equal(Enumerable.Range(0, offsets.Count).Select(n => (ushort)n), offsets);

        // In output order: q, then h from its keyframe's first packet, with the whole keyframe right after it.
        var ordered = packets.OrderBy(p => (ushort)(p.Sequence - first)).ToList();
        int switchAt = ordered.FindIndex(p => p.Layer == H);
        Assert.All(ordered.GetRange(0, switchAt), p => Assert.Equal(Q, p.Layer));
        Assert.All(ordered.GetRange(switchAt, ordered.Count - switchAt), p => Assert.Equal(H, p.Layer));
        var keyframe = ordered.GetRange(switchAt, 5);
        Assert.All(keyframe, p => Assert.Equal(keyframe[0].Frame, p.Frame));
        Assert.Equal(1, consumer.Selector.SwitchCount);
        // The keyframe's three overtaking packets and the late q packet were forwarded into place.
        Assert.Equal(4, rig.Node.Counters.SwitchStragglersForwarded - stragglersBefore);
    }
}
