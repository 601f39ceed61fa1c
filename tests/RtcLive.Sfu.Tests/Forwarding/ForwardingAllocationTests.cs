using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>
/// The per-packet forwarding path must not allocate: caching, layer choice, keyframe limiting, rewriting
/// and answering NACKs (as RTX), over packets of three layers with switches. Measured with the thread's allocation
/// counter; one allocation per packet would be at least 24 bytes, so under one byte per packet on average
/// leaves room only for the runtime's one-off work.
/// </summary>
public class ForwardingAllocationTests
{
    private const uint OutputSsrc = 0x12345678;
    private static readonly uint[] SourceSsrcs = [0xA, 0xB, 0xC];

    private readonly byte[][] _templates =
    [
        TestPackets.Vp8(SourceSsrcs[0], 0, 0, 0, 0, keyframe: true, fillerLength: 300),
        TestPackets.Vp8(SourceSsrcs[1], 0, 0, 0, 0, keyframe: true, fillerLength: 700),
        TestPackets.Vp8(SourceSsrcs[2], 0, 0, 0, 0, keyframe: true, fillerLength: 1100),
    ];
    private readonly byte[] _work = new byte[1500];
    private readonly byte[] _resend = new byte[1500];
    private readonly RtpPacketCache[] _caches = [new(), new(), new()];
    private readonly KeyframeRequestLimiter _limiter = new();
    private readonly SimulcastSelector _selector = new();
    private readonly RtpStreamRewriter _rewriter = new(OutputSsrc, 90000, rewriteVp8: true);
    private readonly byte[] _nack = new byte[64];
    private readonly RtxStream _rtx = new(0x0BADF00D, 97, 0);
    private long _rtxPackets;
    private long _resentBytes;

    [Fact]
    public void The_per_packet_path_allocates_nothing()
    {
        for (int layer = 0; layer < 3; layer++)
        {
            _selector.SetLayerBitrate(layer, 300_000 << layer, 0);
            _selector.SetLayerActive(layer, true, 0);
        }
        const int packets = 10_000;
        Run(0, 300);   // warm up: JIT and static initialisation may allocate once
        _resentBytes = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        int forwarded = Run(300, packets);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < packets, $"{allocated} bytes allocated over {packets} packets");
        Assert.True(forwarded > packets / 4, $"only {forwarded} packets were forwarded");
        Assert.True(_resentBytes > 0, "the NACKs should have been answered");
        Assert.True(_rtxPackets > 0, "the repairs should have been wrapped as RTX");
        Assert.True(_selector.SwitchCount > 10, "the loop should have switched layers");
    }

    [Fact]
    public void Catching_up_after_a_switch_allocates_nothing()
    {
        var cache = new RtpPacketCache(capacity: 64);
        // A keyframe of 20 packets whose first packet arrives last.
        for (int i = 1; i < 20; i++)
            cache.Store(TestPackets.Vp8(SourceSsrcs[1], (ushort)(65530 + i), 9000, 7, 1, keyframe: true, startOfFrame: false, fillerLength: 900));
        cache.Store(TestPackets.Vp8(SourceSsrcs[1], 65530, 9000, 7, 1, keyframe: true, fillerLength: 900));

        int CatchUp()
        {
            int found = 0;
            foreach (Span<byte> packet in new LayerSwitchCatchUp(cache, 65530, 9000, _work))
                found += packet.Length > 0 ? 1 : 0;
            return found;
        }
        for (int i = 0; i < 100; i++) Assert.Equal(19, CatchUp());   // warm up: JIT tiers may allocate once
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++) total += CatchUp();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(19_000, total);
        // As above: an allocation per packet would be at least 24 bytes, so under one byte per packet is none.
        Assert.True(allocated < total, $"{allocated} bytes allocated over {total} packets caught up");
    }

    private int Run(int start, int count)
    {
        int forwarded = 0;
        for (int i = start; i < start + count; i++)
        {
            int frame = i / 3, layer = i % 3;
            long now = frame * 33L;
            if (layer == 0 && frame % 60 == 0)
                _selector.SetPreference(new SimulcastPreference(ManualLayer: frame / 60 % 3), now);

            // A new packet of this layer: the template restamped, a keyframe every 30 frames.
            byte[] template = _templates[layer];
            Span<byte> packet = _work.AsSpan(0, template.Length);
            template.CopyTo(packet);
            RtpHeaderWriter.SetSequenceNumber(packet, (ushort)frame);
            RtpHeaderWriter.SetTimestamp(packet, (uint)(frame * 3000));
            RtpHeader.TryParse(packet, out var header);
            Span<byte> payload = packet.Slice(header.HeaderLength, header.Payload.Length);
            Vp8PayloadDescriptor.TrySetPictureId(payload, (ushort)frame);
            Vp8PayloadDescriptor.TrySetTl0PicIdx(payload, (byte)frame);
            if (frame % 30 != 0)
                payload[6] |= 0x01; // P bit: a delta frame
            bool keyframe = Vp8PayloadDescriptor.TryParse(payload, out var descriptor) && descriptor.IsKeyFrame;

            _caches[layer].Store(packet);
            var decision = _selector.OnPacket(layer, keyframe, now);
            if (_selector.NeedsKeyframe(out int _))
                _limiter.TryRequest(now);
            if (decision.Forward)
            {
                if (decision.LayerChanged)
                    _rewriter.ResetSource(SourceSsrcs[layer]);
                if (_rewriter.Rewrite(packet, now) == RtpRewriteResult.Forwarded)
                    forwarded++;
            }

            if (i % 100 == 0 && _rewriter.HasForwarded)
            {
                // A subscriber reports three of the last packets lost.
                ushort last = _rewriter.LastSequenceNumber;
                Span<ushort> lost = [(ushort)(last - 9), (ushort)(last - 4), (ushort)(last - 1)];
                int length = GenericNack.Write(_nack, 1, OutputSsrc, lost);
                Assert.True(RtcpPacket.TryParse(_nack.AsSpan(0, length), out var rtcpPacket));
                Assert.True(GenericNack.TryParse(rtcpPacket, out var nack));
                var responder = new NackResponder(nack, _rewriter, _caches, _resend);
                while (responder.MoveNext())
                {
                    if (responder.Current.Kind != NackRepairKind.Resend) continue;
                    _resentBytes += responder.Current.Packet.Length;
                    if (_rtx.TryWrapInPlace(_resend, responder.Current.Packet.Length, out _)) _rtxPackets++;
                }
            }
        }
        return forwarded;
    }
}
