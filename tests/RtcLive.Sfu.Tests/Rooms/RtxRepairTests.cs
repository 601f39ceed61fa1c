using System.Buffers.Binary;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Tests.Rooms;

/// <summary>
/// RTX (RFC 4588) toward subscribers, through a real node and client peers: what the node offers, and how it
/// repairs a loss for a viewer whose answer kept rtx. (A viewer whose answer dropped it is covered in
/// <see cref="RoomControlTests"/>: it still gets the original packet in the media stream.)
/// </summary>
public sealed class RtxRepairTests
{
    private const byte Vp8PayloadType = 96;
    private const byte Vp8RtxPayloadType = 97;

    [Fact]
    public async Task The_offer_pairs_each_video_track_with_an_rtx_stream_and_the_answer_switches_it_on()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        await rig.PublishAsync(presenter, simulcast: true);
        var viewer = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        string offerSdp = rig.NextOffer("bob").Sdp;
        var videoConsumer = viewer.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        var audioConsumer = viewer.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Audio);
        var rtx = videoConsumer.Rtx!;
        Assert.NotEqual(videoConsumer.Ssrc, rtx.Ssrc);
        Assert.Null(audioConsumer.Rtx);

        var offer = SdpParser.Parse(offerSdp);
        var video = offer.FindMedia(videoConsumer.Mid)!;
        var rtxCodec = video.FindRtxFor(Vp8PayloadType)!;
        Assert.Equal((Vp8RtxPayloadType, 90000), (rtxCodec.PayloadType, rtxCodec.ClockRate));
        Assert.Contains($"a=rtpmap:{Vp8RtxPayloadType} rtx/90000\r\n", offerSdp);
        Assert.Contains($"a=fmtp:{Vp8RtxPayloadType} apt={Vp8PayloadType}\r\n", offerSdp);
        Assert.Contains($"a=ssrc-group:FID {videoConsumer.Ssrc} {rtx.Ssrc}\r\n", offerSdp);
        Assert.Equal(rtx.Ssrc, video.FindRtxSsrc(videoConsumer.Ssrc));
        Assert.Equal([videoConsumer.Ssrc], video.GetMediaSsrcs());
        // The RTX SSRC belongs to the same source and track as the media SSRC.
        foreach (string attribute in new[] { SsrcAttribute.Cname, "msid" })
        {
            Assert.NotNull(video.GetSsrcAttribute(videoConsumer.Ssrc, attribute));
            Assert.Equal(video.GetSsrcAttribute(videoConsumer.Ssrc, attribute), video.GetSsrcAttribute(rtx.Ssrc, attribute));
        }
        var audio = offer.FindMedia(audioConsumer.Mid)!;
        Assert.DoesNotContain(audio.Codecs, c => c.IsRtx);
        Assert.Empty(audio.SsrcGroups);

        // Until the answer keeps rtx, repairs stay in the media stream.
        Assert.False(rtx.IsNegotiated);
        using var peer = new ClientPeer();
        string answer = peer.AcceptOffer(offerSdp);
        Assert.Equal(Vp8RtxPayloadType, peer.FindMedia(videoConsumer.Mid)!.RtxPayloadType);
        rig.Room.AnswerSubscription(viewer, answer);
        Assert.True(rtx.IsNegotiated);
    }

    [Fact]
    public async Task A_packet_a_viewer_with_rtx_reports_lost_comes_back_as_rtx_with_its_original_sequence_number()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var presenter = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        var (publisherPeer, video) = await rig.PublishAsync(presenter, simulcast: false);
        var sender = new SyntheticVp8Sender(publisherPeer, video);
        var viewer = rig.Room.Join("bob", "Bob", ParticipantRole.Viewer);
        var received = new ReceivedVideo { RtxPayloadType = Vp8RtxPayloadType };
        var viewerPeer = await rig.SubscribeAsync(viewer, received);
        var consumer = viewer.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        Assert.Equal(Vp8RtxPayloadType, viewerPeer.FindMedia(consumer.Mid)!.RtxPayloadType);
        var rtx = consumer.Rtx!;
        Assert.True(rtx.IsNegotiated);
        // The network loses the viewer's 11th packet (frame 10).
        viewerPeer.DropIncomingRtp = index => index == 10;

        for (int frame = 0; frame < 20; frame++)
        {
            sender.SendFrame(0, frame, keyframe: frame == 0);
            await Task.Delay(2);
        }
        Assert.True(await received.WaitUntilAsync(r => r.Count >= 19, TimeSpan.FromSeconds(5)));
        var before = received.Snapshot();
        var neighbour = before.Single(f => f.Frame == 9);
        ushort lost = (ushort)(neighbour.Sequence + 1);
        Assert.DoesNotContain(before, f => f.Frame == 10);

        SendNack(viewerPeer, consumer.Ssrc, [lost]);
        Assert.True(await received.WaitUntilAsync(r => r.RtxPackets.Count >= 1, TimeSpan.FromSeconds(5)), "no RTX packet arrived");
        var first = Read(received.RtxPackets[0], consumer.Ssrc);
        Assert.Equal((rtx.Ssrc, Vp8RtxPayloadType, lost), (first.Rtx.Ssrc, first.Rtx.PayloadType, first.OriginalSequence));
        // Inside is the packet exactly as first forwarded: its number, timestamp and VP8 picture id.
        Assert.Equal((lost, neighbour.Timestamp + 3000, Vp8PayloadType), (first.Original.SequenceNumber, first.Original.Timestamp, first.Original.PayloadType));
        Assert.Equal((0, 10), SyntheticVp8Sender.ReadMarker(first.Original.Payload));
        Assert.True(Vp8PayloadDescriptor.TryParse(first.Original.Payload, out var descriptor));
        Assert.Equal((neighbour.PictureId + 1) & 0x7FFF, descriptor.PictureId);

        // Two more losses in one NACK: the RTX stream numbers its packets on, one by one.
        var sequenceOf = before.ToDictionary(f => f.Frame, f => f.Sequence);
        SendNack(viewerPeer, consumer.Ssrc, [sequenceOf[3], sequenceOf[5]]);
        Assert.True(await received.WaitUntilAsync(r => r.RtxPackets.Count >= 3, TimeSpan.FromSeconds(5)), "the second NACK was not answered");
        var repairs = received.RtxPackets.Select(p => Read(p, consumer.Ssrc)).ToList();
        Assert.Equal([first.Rtx.SequenceNumber, (ushort)(first.Rtx.SequenceNumber + 1), (ushort)(first.Rtx.SequenceNumber + 2)],
            repairs.Select(r => r.Rtx.SequenceNumber));
        Assert.Equal([lost, sequenceOf[3], sequenceOf[5]], repairs.Select(r => r.OriginalSequence));
        Assert.All(repairs, r => Assert.Equal((rtx.Ssrc, Vp8RtxPayloadType), (r.Rtx.Ssrc, r.Rtx.PayloadType)));

        // Nothing was repeated in the media stream, and the node counted three RTX repairs.
        Assert.Equal(19, received.Count);
        // The node counts a repair just after handing it to the socket, so the viewer may see it first.
        Assert.True(SpinWait.SpinUntil(() => consumer.RtxPacketsSent == 3 && rig.Node.Counters.RtxPacketsSent == 3, TimeSpan.FromSeconds(2)),
            $"RTX sent {consumer.RtxPacketsSent}, node total {rig.Node.Counters.RtxPacketsSent}");
        Assert.Equal(3, consumer.PacketsResent);
    }

    private static void SendNack(ClientPeer peer, uint mediaSsrc, ushort[] lost)
    {
        byte[] nack = new byte[64];
        int length = GenericNack.Write(nack, 1, mediaSsrc, lost);
        Assert.True(peer.SendRtcp(nack.AsSpan(0, length)));
    }

    /// <summary>An RTX packet's own header, its OSN, and the original packet unwrapped from it.</summary>
    private static (RtpHeaderSummary Rtx, ushort OriginalSequence, RtpHeaderSummary Original) Read(byte[] rtxPacket, uint mediaSsrc)
    {
        Assert.True(RtpHeader.TryParse(rtxPacket, out var header));
        ushort osn = BinaryPrimitives.ReadUInt16BigEndian(header.Payload);
        byte[] original = new byte[rtxPacket.Length];
        Assert.True(RtxPacket.TryUnwrap(rtxPacket, Vp8PayloadType, mediaSsrc, original, out int length));
        Assert.True(RtpHeader.TryParse(original.AsSpan(0, length), out var unwrapped));
        Assert.Equal(mediaSsrc, unwrapped.Ssrc);
        return (RtpHeaderSummary.Of(header), osn, RtpHeaderSummary.Of(unwrapped));
    }

    private sealed record RtpHeaderSummary(uint Ssrc, byte PayloadType, ushort SequenceNumber, uint Timestamp, byte[] Payload)
    {
        public static RtpHeaderSummary Of(in RtpHeader header) =>
            new(header.Ssrc, header.PayloadType, header.SequenceNumber, header.Timestamp, header.Payload.ToArray());
    }
}
