using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>
/// The forwarding primitives together, as one consumer of a simulcast track uses them: a publisher sends
/// three layers at 30 frames/s and answers keyframe requests two frames later; the subscriber's choice moves
/// q → f → h; the last packet of every q frame arrives one frame late. The subscriber must see one clean
/// stream, and every packet of it must be repairable by NACK.
/// </summary>
public class SimulcastForwardingScenarioTests
{
    private const uint OutputSsrc = 0x77778888;
    private static readonly uint[] SourceSsrcs = [0x1000_0001, 0x2000_0002, 0x3000_0003];

    private sealed record Output(ushort Sequence, uint Timestamp, ushort PictureId, byte Tl0PicIdx, int Layer, bool Keyframe, byte[] Packet);

    private readonly Vp8TestStream[] _layers =
    [
        new(SourceSsrcs[0], 65500, uint.MaxValue - 30_000, 32750, 250),
        new(SourceSsrcs[1], 20000, 123_456, 1000, 10),
        new(SourceSsrcs[2], 40000, 3_000_000_000, 20000, 100),
    ];
    private readonly RtpPacketCache[] _caches = [new(capacity: 256), new(capacity: 256), new(capacity: 256)];
    private readonly KeyframeRequestLimiter[] _limiters = [new(), new(), new()];
    private readonly long[] _keyframeDueMs = [-1, -1, -1];
    private readonly SimulcastSelector _selector = new();
    private readonly RtpStreamRewriter _rewriter = new(OutputSsrc, 90000, rewriteVp8: true, initialSequenceNumber: 65520, initialTimestamp: 4_000_000_000);
    private readonly List<Output> _outputs = [];
    private int _lateForwarded, _lateDropped, _keyframeRequests;

    private void Deliver(int layer, byte[] packet, long nowMs, bool late)
    {
        var descriptor = TestPackets.Descriptor(packet);
        _caches[layer].Store(packet);
        if (descriptor.IsKeyFrame)
            _limiters[layer].OnKeyframeReceived();

        var decision = _selector.OnPacket(layer, descriptor.IsKeyFrame, nowMs);
        if (_selector.NeedsKeyframe(out int wanted) && _keyframeDueMs[wanted] < 0 && _limiters[wanted].TryRequest(nowMs))
        {
            _keyframeRequests++;
            _keyframeDueMs[wanted] = nowMs + 66;
        }
        if (!decision.Forward)
        {
            if (late) _lateDropped++;
            return;
        }
        if (decision.LayerChanged)
            _rewriter.ResetSource(SourceSsrcs[layer]);

        byte[] copy = (byte[])packet.Clone();
        var result = _rewriter.Rewrite(copy, nowMs);
        if (late && result == RtpRewriteResult.BeforeSourceStart)
        {
            _lateDropped++;   // the packet before q's first keyframe: the stream had not started
            return;
        }
        Assert.Equal(RtpRewriteResult.Forwarded, result);
        if (late) _lateForwarded++;
        var (ssrc, sequence, timestamp) = TestPackets.Header(copy);
        Assert.Equal(OutputSsrc, ssrc);
        var rewritten = TestPackets.Descriptor(copy);
        _outputs.Add(new Output(sequence, timestamp, rewritten.PictureId, rewritten.Tl0PicIdx, layer, descriptor.IsKeyFrame, copy));
    }

    [Fact]
    public void Switching_q_to_f_to_h_gives_one_continuous_repairable_stream()
    {
        for (int layer = 0; layer < 3; layer++)
        {
            _selector.SetLayerBitrate(layer, 200_000 << layer, 0);
            _selector.SetLayerActive(layer, true, 0);
        }

        byte[]? heldBack = null;
        for (int frame = 0; frame < 60; frame++)
        {
            long now = frame * 33;
            if (frame == 15) _selector.SetPreference(new SimulcastPreference(ManualLayer: 2), now);
            if (frame == 35) _selector.SetPreference(new SimulcastPreference(ManualLayer: 1), now);

            byte[]? lateFromLastFrame = heldBack;
            for (int layer = 0; layer < 3; layer++)
            {
                bool keyframe = _keyframeDueMs[layer] >= 0 && now >= _keyframeDueMs[layer];
                if (keyframe) _keyframeDueMs[layer] = -1;
                byte[][] packets = _layers[layer].Frame(keyframe, packets: 3);
                for (int i = 0; i < packets.Length; i++)
                {
                    if (layer == 0 && i == packets.Length - 1)
                        heldBack = packets[i];
                    else
                        Deliver(layer, packets[i], now, late: false);
                }
            }
            if (lateFromLastFrame is not null)
                Deliver(0, lateFromLastFrame, now, late: true);
        }

        // Layers in output order: q, then f from its keyframe, then h from its keyframe.
        var ordered = _outputs.OrderBy(o => (ushort)(o.Sequence - 65520)).ToList();
        var segments = new List<(int Layer, Output First)>();
        foreach (var output in ordered)
            if (segments.Count == 0 || segments[^1].Layer != output.Layer)
                segments.Add((output.Layer, output));
        Assert.Equal([0, 2, 1], segments.Select(s => s.Layer));
        Assert.All(segments, s => Assert.True(s.First.Keyframe));
        Assert.Equal(2, _selector.SwitchCount);

        // Every number from the first to the last once, except one hole: the last packet of the final q frame,
        // late, arrived after the switch to f and was dropped. The subscriber NACKs it; see below.
        var numbers = ordered.Select(o => o.Sequence).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var all = Enumerable.Range(0, numbers.Count + 1).Select(i => (ushort)(65520 + i)).ToList();
        ushort hole = Assert.Single(all.Except(numbers));
        Output beforeHole = ordered.Single(o => o.Sequence == (ushort)(hole - 1));
        Assert.Equal(0, beforeHole.Layer);

        // Picture ids and TL0PICIDX step by 0 (same picture) or 1; timestamps never step back.
        for (int i = 1; i < ordered.Count; i++)
        {
            int pictureStep = (ordered[i].PictureId - ordered[i - 1].PictureId) & 0x7FFF;
            int tl0Step = (byte)(ordered[i].Tl0PicIdx - ordered[i - 1].Tl0PicIdx);
            int timestampStep = (int)(ordered[i].Timestamp - ordered[i - 1].Timestamp);
            Assert.InRange(pictureStep, 0, 1);
            Assert.InRange(tl0Step, 0, 1);
            Assert.Equal(pictureStep == 0, timestampStep == 0);
            Assert.InRange(timestampStep, 0, 90 * 100);
        }

        Assert.True(_lateForwarded > 10, $"only {_lateForwarded} late q packets were forwarded");
        Assert.True(_lateDropped > 10, $"only {_lateDropped} late q packets were dropped after the switch");
        Assert.Equal(3, _keyframeRequests);   // q to start, f, h

        // Every forwarded packet is repairable byte for byte, and the hole is filled from q's cache with the
        // packet rewritten as it would have been forwarded: same frame as the packet before it.
        byte[] buffer = new byte[1500];
        ushort[] lost = [.. numbers, hole];
        byte[] rtcp = TestPackets.Nack(OutputSsrc, lost);
        int resent = 0;
        Assert.True(RtcpPacket.TryParse(rtcp, out var rtcpPacket));
        Assert.True(GenericNack.TryParse(rtcpPacket, out var nack));
        foreach (NackRepair repair in new NackResponder(nack, _rewriter, _caches, buffer))
        {
            Assert.Equal(NackRepairKind.Resend, repair.Kind);
            resent++;
            ushort sequence = repair.SequenceNumber;
            if (sequence != hole)
            {
                Assert.Equal(ordered.Single(o => o.Sequence == sequence).Packet, repair.Packet.ToArray());
                continue;
            }
            Assert.Equal((SourceSsrcs[0], OutputSsrc), (repair.SourceSsrc, TestPackets.Header(repair.Packet).Ssrc));
            Assert.Equal(beforeHole.Timestamp, TestPackets.Header(repair.Packet).Timestamp);
            Assert.Equal(beforeHole.PictureId, TestPackets.Descriptor(repair.Packet).PictureId);
            Assert.Equal(beforeHole.Tl0PicIdx, TestPackets.Descriptor(repair.Packet).Tl0PicIdx);
        }
        Assert.Equal(lost.Length, resent);
        Assert.True(lost.Length > 100);
    }
}
