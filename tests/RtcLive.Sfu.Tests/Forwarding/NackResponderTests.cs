using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Forwarding;

public class NackResponderTests
{
    private const uint OutputSsrc = 0x0BADF00D;
    private const uint SourceQ = 0x1111, SourceF = 0x3333;

    /// <summary>A consumer with two source layers: every incoming packet is cached, and what is forwarded is
    /// kept by output number to compare resends against.</summary>
    private sealed class Harness
    {
        public readonly RtpPacketCache QCache = new(capacity: 64);
        public readonly RtpPacketCache FCache = new(capacity: 64);
        public readonly RtpStreamRewriter Rewriter = new(OutputSsrc, 90000, rewriteVp8: true, initialSequenceNumber: 65530, initialTimestamp: uint.MaxValue - 5000);
        public readonly Dictionary<ushort, byte[]> Sent = new();
        public readonly byte[] Buffer = new byte[1500];

        public RtpPacketCache[] Caches => [QCache, FCache];

        /// <summary>The packet reached the SFU: cache it, then forward a copy.</summary>
        public void Receive(byte[] packet, long nowMs, bool forward = true)
        {
            var (ssrc, _, _) = TestPackets.Header(packet);
            Assert.True((ssrc == SourceQ ? QCache : FCache).Store(packet));
            if (!forward)
                return;
            byte[] copy = (byte[])packet.Clone();
            if (Rewriter.Rewrite(copy, nowMs) == RtpRewriteResult.Forwarded)
                Sent[TestPackets.Header(copy).SequenceNumber] = copy;
        }

        public List<(NackRepairKind Kind, ushort Sequence, uint SourceSsrc, ushort SourceSequence, byte[] Packet)> Nack(params ushort[] lost)
        {
            var repairs = new List<(NackRepairKind, ushort, uint, ushort, byte[])>();
            byte[] rtcp = TestPackets.Nack(OutputSsrc, lost);
            Assert.True(RtcpPacket.TryParse(rtcp, out var rtcpPacket));
            Assert.True(GenericNack.TryParse(rtcpPacket, out var nack));
            foreach (NackRepair repair in new NackResponder(nack, Rewriter, Caches, Buffer))
                repairs.Add((repair.Kind, repair.SequenceNumber, repair.SourceSsrc, repair.SourceSequenceNumber, repair.Packet.ToArray()));
            return repairs;
        }
    }

    [Fact]
    public void A_resend_is_identical_to_the_packet_first_forwarded_also_after_switches()
    {
        var harness = new Harness();
        var q = new Vp8TestStream(SourceQ, 65533, uint.MaxValue - 3000, 32760, 250);
        var f = new Vp8TestStream(SourceF, 100, 5000, 700, 9);
        long now = 0;
        void Frames(Vp8TestStream stream, int count, bool keyframeFirst)
        {
            for (int i = 0; i < count; i++, now += 33)
                foreach (byte[] packet in stream.Frame(keyframe: keyframeFirst && i == 0, packets: 3))
                    harness.Receive(packet, now);
        }

        Frames(q, 3, keyframeFirst: true);
        harness.Rewriter.ResetSource(SourceF);
        Frames(f, 3, keyframeFirst: true);
        harness.Rewriter.ResetSource(SourceQ);
        Frames(q, 2, keyframeFirst: true);
        Assert.Equal(24, harness.Sent.Count);

        ushort[] lost = harness.Sent.Keys.ToArray();
        var repairs = harness.Nack(lost);
        Assert.Equal(lost.Length, repairs.Count);
        foreach (var repair in repairs)
        {
            Assert.Equal(NackRepairKind.Resend, repair.Kind);
            Assert.Equal(harness.Sent[repair.Sequence], repair.Packet);
        }
    }

    [Fact]
    public void Holes_from_upstream_loss_are_passed_on_and_served_once_the_publisher_resent_them()
    {
        var harness = new Harness();
        var q = new Vp8TestStream(SourceQ, 1000, 0, 5, 5);
        byte[][] frame1 = q.Frame(keyframe: true, packets: 3);
        byte[][] frame2 = q.Frame(keyframe: false, packets: 3);
        harness.Receive(frame1[0], 0);
        harness.Receive(frame1[2], 1);        // 1001 lost upstream
        harness.Receive(frame2[0], 33);
        harness.Receive(frame2[1], 34);
        harness.Rewriter.ResetSource(SourceF); // switched before the publisher's repair came
        harness.Receive(new Vp8TestStream(SourceF, 50, 0, 1, 1).Frame(keyframe: true, packets: 1)[0], 40);

        var missing = Assert.Single(harness.Nack(65531));
        Assert.Equal((NackRepairKind.NotCached, (ushort)65531, SourceQ, (ushort)1001), (missing.Kind, missing.Sequence, missing.SourceSsrc, missing.SourceSequence));
        Assert.Empty(missing.Packet);

        // The publisher answers the SFU's own NACK; the packet is cached but no longer forwardable (q is not
        // the source now), yet the subscriber's NACK can be answered, rewritten as it would have been.
        Assert.Equal(RtpRewriteResult.NotCurrentSource, harness.Rewriter.Rewrite((byte[])frame1[1].Clone(), 60));
        harness.Receive(frame1[1], 60, forward: false);
        var repaired = Assert.Single(harness.Nack(65531));
        Assert.Equal(NackRepairKind.Resend, repaired.Kind);
        Assert.Equal((OutputSsrc, (ushort)65531, TestPackets.Header(harness.Sent[65530]).Timestamp), TestPackets.Header(repaired.Packet));
        Assert.Equal(TestPackets.Descriptor(harness.Sent[65530]).PictureId, TestPackets.Descriptor(repaired.Packet).PictureId);
        Assert.Equal(TestPackets.Vp8Body(frame1[1]), TestPackets.Vp8Body(repaired.Packet));
    }

    [Fact]
    public void Evicted_packets_are_not_cached_and_unknown_numbers_are_unavailable()
    {
        var harness = new Harness();
        for (ushort sequence = 0; sequence < 100; sequence++)
            harness.Receive(TestPackets.Vp8(SourceQ, sequence, sequence * 3000u, sequence, (byte)sequence, keyframe: sequence == 0), sequence);

        var repairs = harness.Nack(65530 + 10 - 65536, 65530 + 99 - 65536, 65530 + 100 - 65536, 65000);
        Assert.Equal(NackRepairKind.NotCached, repairs[0].Kind);   // evicted from the 64-packet cache
        Assert.Equal((SourceQ, (ushort)10), (repairs[0].SourceSsrc, repairs[0].SourceSequence));
        Assert.Equal(NackRepairKind.Resend, repairs[1].Kind);
        Assert.Equal(harness.Sent[65530 + 99 - 65536], repairs[1].Packet);
        Assert.Equal(NackRepairKind.Unavailable, repairs[2].Kind); // not sent yet
        Assert.Equal(NackRepairKind.Unavailable, repairs[3].Kind); // never part of the stream
        Assert.Empty(repairs[3].Packet);
    }

    [Fact]
    public void A_source_without_a_cache_is_passed_on()
    {
        var harness = new Harness();
        harness.Receive(TestPackets.Vp8(SourceQ, 1, 0, 1, 1, keyframe: true), 0);
        byte[] rtcp = TestPackets.Nack(OutputSsrc, 65530);
        Assert.True(RtcpPacket.TryParse(rtcp, out var rtcpPacket));
        Assert.True(GenericNack.TryParse(rtcpPacket, out var nack));
        var responder = new NackResponder(nack, harness.Rewriter, [harness.FCache], harness.Buffer);
        Assert.True(responder.MoveNext());
        Assert.Equal(NackRepairKind.NotCached, responder.Current.Kind);
        Assert.False(responder.MoveNext());
    }

    [Fact]
    public void The_resend_can_be_wrapped_as_rtx_in_place()
    {
        var harness = new Harness();
        harness.Receive(TestPackets.Vp8(SourceQ, 1, 0, 1, 1, keyframe: true), 0);
        byte[] rtcp = TestPackets.Nack(OutputSsrc, 65530);
        var buffer = new byte[1502];
        Assert.True(RtcpPacket.TryParse(rtcp, out var rtcpPacket));
        Assert.True(GenericNack.TryParse(rtcpPacket, out var nack));
        foreach (NackRepair repair in new NackResponder(nack, harness.Rewriter, harness.Caches, buffer))
        {
            Assert.True(RtxPacket.TryWrap(repair.Packet, 97, 0x0BADF00E, 7, buffer, out int written));
            byte[] unwrapped = new byte[1500];
            Assert.True(RtxPacket.TryUnwrap(buffer.AsSpan(0, written), TestPackets.Vp8PayloadType, OutputSsrc, unwrapped, out int length));
            Assert.Equal(harness.Sent[65530], unwrapped[..length]);
        }
    }

    [Fact]
    public void The_buffer_must_hold_a_cache_slot()
    {
        var harness = new Harness();
        byte[] rtcp = TestPackets.Nack(OutputSsrc, 1);
        Assert.Throws<ArgumentException>(() => { Assert.True(RtcpPacket.TryParse(rtcp, out var rtcpPacket)); Assert.True(GenericNack.TryParse(rtcpPacket, out var nack)); _ = new NackResponder(nack, harness.Rewriter, harness.Caches, new byte[1499]); });
    }
}
