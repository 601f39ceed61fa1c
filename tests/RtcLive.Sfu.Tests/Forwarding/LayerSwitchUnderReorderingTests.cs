using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>
/// Simulcast switches on a path that reorders (the bad-network jitter case: every packet delayed 100 ± 30 ms on
/// its own), fed through the forwarding primitives exactly as a consumer uses them: the selector decides, the
/// rewriter renumbers, a late packet of the layer left fills its hole, and right after a switch the packets of
/// the new layer that overtook its keyframe come from the layer's cache. With nothing lost on the way, the
/// subscriber must get every output number once (no hole, so nothing to NACK), every frame whole except the
/// last one of a layer it left, and a NACK for any number must bring back that very packet of its own layer.
/// </summary>
public class LayerSwitchUnderReorderingTests
{
    private const uint OutputSsrc = 0x5157_1700;
    private const ushort FirstOutput = 65300; // the output numbers wrap during the run
    private const int Q = 0, H = 1;
    private const long FrameMs = 33;

    private sealed record SentPacket(int Layer, int Frame, int Index, int Count, bool Keyframe, byte[] Bytes);

    private sealed record Output(ushort Sequence, SentPacket Source, uint Timestamp, ushort PictureId, byte[] Bytes);

    private readonly Vp8TestStream[] _layers =
    [
        new(0x0A0A_0001, 65400, uint.MaxValue - 50_000, 32700, 250),
        new(0x0B0B_0002, 1000, 777_000, 4000, 10),
    ];
    // Large enough to hold the whole run, so every output number can be NACKed at the end.
    private readonly RtpPacketCache[] _caches = [new(capacity: 2048), new(capacity: 2048)];
    private readonly long[] _keyframeDueMs = [-1, -1];
    private readonly KeyframeRequestLimiter[] _limiters = [new(), new()];
    private readonly SimulcastSelector _selector = new();
    private readonly RtpStreamRewriter _rewriter = new(OutputSsrc, 90000, rewriteVp8: true, initialSequenceNumber: FirstOutput, historySize: 2048);
    private readonly Dictionary<(uint Ssrc, ushort Sequence), SentPacket> _sent = [];
    private readonly List<Output> _outputs = [];
    private readonly byte[] _catchUpBuffer = new byte[RtpPacketCache.DefaultSlotSize];
    private int _caughtUp;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Switches_under_reordering_leave_no_hole_and_every_frame_whole(int seed)
    {
        Run(new Random(seed));

        var ordered = _outputs.OrderBy(o => (ushort)(o.Sequence - FirstOutput)).ToList();
        Assert.Equal(3, _selector.SwitchCount); // q → h → q → h
        Assert.True(_caughtUp > 0, "no packet of a new layer overtook its keyframe: the case is not exercised");

        // Every number from the first to the last exactly once.
        Assert.Equal(ordered.Count, ordered.Select(o => o.Sequence).Distinct().Count());
        for (int i = 0; i < ordered.Count; i++)
            Assert.Equal((ushort)(FirstOutput + i), ordered[i].Sequence);

        // Segments of one layer, each starting on a keyframe's first packet; within a segment every frame is
        // whole and in order, except that the last frame of a segment left behind may be cut short.
        var segments = new List<List<Output>>();
        foreach (var output in ordered)
        {
            if (segments.Count == 0 || segments[^1][^1].Source.Layer != output.Source.Layer) segments.Add([]);
            segments[^1].Add(output);
        }
        Assert.Equal([Q, H, Q, H], segments.Select(s => s[0].Source.Layer));
        for (int s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            Assert.True(segment[0].Source is { Keyframe: true, Index: 0 }, $"segment {s} does not start on a keyframe");
            var frames = segment.GroupBy(o => o.Source.Frame).ToList();
            for (int f = 0; f < frames.Count; f++)
            {
                var packets = frames[f].ToList();
                Assert.Equal(Enumerable.Range(0, packets.Count), packets.Select(p => p.Source.Index));
                bool last = f == frames.Count - 1 && s < segments.Count - 1;
                if (!last) Assert.Equal(packets[0].Source.Count, packets.Count);
                if (f > 0) Assert.Equal(frames[f - 1].Key + 1, frames[f].Key);
            }
        }

        // Picture ids step by 0 within a frame and by 1 from frame to frame; timestamps likewise never go back.
        for (int i = 1; i < ordered.Count; i++)
        {
            bool sameFrame = ordered[i].Source.Layer == ordered[i - 1].Source.Layer && ordered[i].Source.Frame == ordered[i - 1].Source.Frame;
            Assert.Equal(sameFrame ? 0 : 1, (ordered[i].PictureId - ordered[i - 1].PictureId) & 0x7FFF);
            int step = (int)(ordered[i].Timestamp - ordered[i - 1].Timestamp);
            Assert.True(sameFrame ? step == 0 : step > 0, $"timestamp step {step} at output {ordered[i].Sequence}");
        }

        // A NACK for any number resends that packet of its own layer, byte for byte as first forwarded.
        byte[] rtcp = TestPackets.Nack(OutputSsrc, [.. ordered.Select(o => o.Sequence)]);
        Assert.True(RtcpPacket.TryParse(rtcp, out var rtcpPacket));
        Assert.True(GenericNack.TryParse(rtcpPacket, out var nack));
        var bySequence = ordered.ToDictionary(o => o.Sequence);
        int resent = 0;
        foreach (NackRepair repair in new NackResponder(nack, _rewriter, _caches, new byte[1500]))
        {
            Assert.Equal(NackRepairKind.Resend, repair.Kind);
            var original = bySequence[repair.SequenceNumber];
            Assert.Equal(_layers[original.Source.Layer].Ssrc, repair.SourceSsrc);
            Assert.Equal(original.Bytes, repair.Packet.ToArray());
            resent++;
        }
        Assert.Equal(ordered.Count, resent);
    }

    [Fact]
    public void Catching_up_takes_only_later_packets_of_the_layer_up_to_the_newest_and_not_before_the_switch()
    {
        var stream = new Vp8TestStream(0x0C0C_0003, 65530, 1000, 10, 1);
        var cache = new RtpPacketCache(capacity: 64);
        byte[][] before = stream.Frame(keyframe: false, packets: 3);   // 65530–65532
        byte[][] key = stream.Frame(keyframe: true, packets: 5);       // 65533–1 (wraps)
        byte[][] after = stream.Frame(keyframe: false, packets: 2);    // 2–3
        // Arrival: the keyframe's first packet overtaken by most of the keyframe and one later packet.
        foreach (byte[] packet in new[] { before[0], before[1], key[1], key[3], after[0], key[4], before[2], key[0] })
            Assert.True(cache.Store(packet));

        var found = new List<ushort>();
        foreach (Span<byte> packet in new LayerSwitchCatchUp(cache, 65533, TestPackets.Header(key[0]).Timestamp, new byte[1500]))
            found.Add(TestPackets.Header(packet).SequenceNumber);
        Assert.Equal([65534, 0, 1, 2], found);

        // Nothing newer than the switch packet: nothing to catch up; and a buffer smaller than a slot is refused.
        var none = new List<ushort>();
        foreach (Span<byte> packet in new LayerSwitchCatchUp(cache, 2, TestPackets.Header(after[0]).Timestamp, new byte[1500]))
            none.Add(TestPackets.Header(packet).SequenceNumber);
        Assert.Empty(none);
        Assert.Throws<ArgumentException>(() => new LayerSwitchCatchUp(cache, 0, 0, new byte[100]));
    }

    /// <summary>
    /// 30 frames/s on both layers, q 2 packets a frame (4 on a keyframe), h 5 (12 on a keyframe), the packets
    /// of a frame 1 ms apart; each packet delayed 70–130 ms on its own; keyframes answer a request two frames
    /// later. The subscriber asks for q, then h at 1 s, q at 2 s, h at 3 s.
    /// </summary>
    private void Run(Random random)
    {
        for (int layer = 0; layer < 2; layer++)
        {
            _selector.SetLayerBitrate(layer, 200_000 << (2 * layer), 0);
            _selector.SetLayerActive(layer, true, 0);
        }
        _selector.SetPreference(new SimulcastPreference(ManualLayer: Q), 0);

        var inFlight = new PriorityQueue<SentPacket, (long ArrivalMs, long Order)>();
        long order = 0;
        int[] frames = [0, 0];
        for (long now = 0; now <= 4600; now++)
        {
            if (now == 1000) _selector.SetPreference(new SimulcastPreference(ManualLayer: H), now);
            if (now == 2000) _selector.SetPreference(new SimulcastPreference(ManualLayer: Q), now);
            if (now == 3000) _selector.SetPreference(new SimulcastPreference(ManualLayer: H), now);

            if (now % FrameMs == 0 && now <= 4400)
            {
                for (int layer = 0; layer < 2; layer++)
                {
                    bool keyframe = frames[layer] == 0 || (_keyframeDueMs[layer] >= 0 && now >= _keyframeDueMs[layer]);
                    if (keyframe) _keyframeDueMs[layer] = -1;
                    int count = keyframe ? (layer == Q ? 4 : 12) : (layer == Q ? 2 : 5);
                    byte[][] packets = _layers[layer].Frame(keyframe, count);
                    for (int i = 0; i < packets.Length; i++)
                    {
                        var sent = new SentPacket(layer, frames[layer], i, packets.Length, keyframe, packets[i]);
                        _sent[(_layers[layer].Ssrc, TestPackets.Header(packets[i]).SequenceNumber)] = sent;
                        inFlight.Enqueue(sent, (now + i + 100 + random.Next(-30, 31), order++));
                    }
                    frames[layer]++;
                }
            }

            while (inFlight.TryPeek(out var packet, out var due) && due.ArrivalMs <= now)
            {
                inFlight.Dequeue();
                Deliver(packet, now);
            }
        }
        Assert.Equal(0, inFlight.Count);
    }

    /// <summary>One packet reaching the node, handled as <c>Consumer.Forward</c> handles it.</summary>
    private void Deliver(SentPacket packet, long nowMs)
    {
        int layer = packet.Layer;
        Assert.True(_caches[layer].Store(packet.Bytes));
        if (packet.Keyframe && packet.Index == 0) _limiters[layer].OnKeyframeReceived();

        var descriptor = TestPackets.Descriptor(packet.Bytes);
        var decision = _selector.OnPacket(layer, descriptor.IsKeyFrame, nowMs);
        if (_selector.NeedsKeyframe(out int wanted) && _keyframeDueMs[wanted] < 0 && _limiters[wanted].TryRequest(nowMs))
            _keyframeDueMs[wanted] = nowMs + 2 * FrameMs;

        var (ssrc, sequence, timestamp) = TestPackets.Header(packet.Bytes);
        if (!decision.Forward)
        {
            if (_rewriter.HasHoleFor(ssrc, sequence)) FillHole(packet, ssrc, sequence, timestamp);
            return;
        }
        if (decision.LayerChanged)
        {
            _rewriter.ResetSource(ssrc);
            Assert.True(Forward(packet.Bytes, nowMs));
            foreach (Span<byte> cached in new LayerSwitchCatchUp(_caches[layer], sequence, timestamp, _catchUpBuffer))
            {
                var early = _sent[(ssrc, TestPackets.Header(cached).SequenceNumber)];
                Assert.Equal(early.Bytes, cached.ToArray());
                if (Forward(early.Bytes, nowMs)) _caughtUp++;
            }
            return;
        }
        Forward(packet.Bytes, nowMs);
    }

    private bool Forward(byte[] source, long nowMs)
    {
        byte[] copy = (byte[])source.Clone();
        var result = _rewriter.Rewrite(copy, nowMs);
        if (result != RtpRewriteResult.Forwarded)
        {
            // The only packets of the current layer a consumer may drop: those before the packet it started on,
            // whose places the layer left has taken.
            Assert.Equal(RtpRewriteResult.BeforeSourceStart, result);
            return false;
        }
        Record(source, copy);
        return true;
    }

    private void FillHole(SentPacket packet, uint ssrc, ushort sequence, uint timestamp)
    {
        byte[] copy = (byte[])packet.Bytes.Clone();
        Assert.True(RtpHeader.TryParse(copy, out var header));
        var payload = copy.AsSpan(header.HeaderLength, header.Payload.Length);
        Assert.True(_rewriter.TryFillHole(ssrc, sequence, timestamp, payload, out ushort output, out uint outputTimestamp));
        RtpHeaderWriter.SetSsrc(copy, OutputSsrc);
        RtpHeaderWriter.SetSequenceNumber(copy, output);
        RtpHeaderWriter.SetTimestamp(copy, outputTimestamp);
        Record(packet.Bytes, copy);
    }

    private void Record(byte[] source, byte[] output)
    {
        var (ssrc, sequence, _) = TestPackets.Header(source);
        var (outputSsrc, outputSequence, outputTimestamp) = TestPackets.Header(output);
        Assert.Equal(OutputSsrc, outputSsrc);
        _outputs.Add(new Output(outputSequence, _sent[(ssrc, sequence)], outputTimestamp, TestPackets.Descriptor(output).PictureId, output));
    }
}
