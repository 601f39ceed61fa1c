using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Forwarding;

public class RtpStreamRewriterTests
{
    private const uint OutputSsrc = 0xCAFEBABE;
    private const uint SourceQ = 0x1111, SourceH = 0x2222, SourceF = 0x3333;

    private static (RtpRewriteResult Result, ushort Sequence, uint Timestamp, uint Ssrc) Forward(
        RtpStreamRewriter rewriter, byte[] packet, long nowMs)
    {
        var result = rewriter.Rewrite(packet, nowMs);
        var (ssrc, sequence, timestamp) = TestPackets.Header(packet);
        return (result, sequence, timestamp, ssrc);
    }

    [Fact]
    public void First_packet_keeps_the_source_numbers_unless_initial_ones_are_given()
    {
        var keep = new RtpStreamRewriter(OutputSsrc, 48000);
        var kept = Forward(keep, TestPackets.Audio(SourceQ, 4321, 987654), 0);
        Assert.Equal((RtpRewriteResult.Forwarded, (ushort)4321, 987654u, OutputSsrc), kept);

        var chosen = new RtpStreamRewriter(OutputSsrc, 48000, initialSequenceNumber: 17, initialTimestamp: 5000);
        Assert.Equal((RtpRewriteResult.Forwarded, (ushort)17, 5000u, OutputSsrc), Forward(chosen, TestPackets.Audio(SourceQ, 4321, 987654), 0));
        Assert.Equal((RtpRewriteResult.Forwarded, (ushort)18, 5960u, OutputSsrc), Forward(chosen, TestPackets.Audio(SourceQ, 4322, 988614), 20));
        Assert.True(chosen.HasForwarded);
        Assert.Equal(SourceQ, chosen.SourceSsrc);
        Assert.Equal((ushort)18, chosen.LastSequenceNumber);
        Assert.Equal(5960u, chosen.LastTimestamp);
    }

    [Fact]
    public void A_straggler_of_the_layer_left_at_a_switch_fills_its_hole_once_and_nothing_else_does()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 100, initialTimestamp: 0);
        Assert.Equal(RtpRewriteResult.Forwarded, Forward(rewriter, TestPackets.Audio(SourceQ, 10, 1000), 0).Result); // out 100
        Assert.Equal(RtpRewriteResult.Forwarded, Forward(rewriter, TestPackets.Audio(SourceQ, 12, 1000), 0).Result); // out 102: 101 a hole
        rewriter.ResetSource(SourceH);
        Assert.Equal((ushort)103, Forward(rewriter, TestPackets.Audio(SourceH, 500, 7000), 10).Sequence);

        Assert.False(rewriter.HasHoleFor(SourceQ, 13)); // never part of the output
        Assert.False(rewriter.HasHoleFor(SourceH, 499));
        Assert.True(rewriter.HasHoleFor(SourceQ, 11));
        byte[] late = TestPackets.Audio(SourceQ, 11, 1000);
        Assert.Equal(RtpRewriteResult.NotCurrentSource, rewriter.Rewrite((byte[])late.Clone(), 20)); // the stream itself refuses it
        var header = TestPackets.Header(late);
        Assert.True(rewriter.TryFillHole(SourceQ, 11, header.Timestamp, Span<byte>.Empty, out ushort sequence, out uint timestamp));
        Assert.Equal((ushort)101, sequence);
        Assert.Equal(0u, timestamp); // the offsets of its own source
        Assert.False(rewriter.HasHoleFor(SourceQ, 11)); // filled once
        Assert.True(rewriter.TryGetSource(101, out uint ssrc, out ushort source) && ssrc == SourceQ && source == 11);
    }

    [Fact]
    public void Only_ssrc_sequence_and_timestamp_change()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 1, initialTimestamp: 2);
        byte[] packet = TestPackets.Vp8(SourceQ, 500, 9000, 1234, 7, keyframe: true, marker: true);
        byte[] original = (byte[])packet.Clone();

        Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(packet, 0));

        Assert.Equal(original.Length, packet.Length);
        Assert.Equal(original[..2], packet[..2]);     // version, flags, marker, payload type
        Assert.Equal(original[12..], packet[12..]);   // extensions and payload (no VP8 rewriting asked for)
        Assert.Equal((OutputSsrc, (ushort)1, 2u), TestPackets.Header(packet));
    }

    [Fact]
    public void Sequence_numbers_stay_continuous_across_the_source_wraparound()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000, initialSequenceNumber: 1000, initialTimestamp: 0);
        ushort source = 65530;
        for (int i = 0; i < 12; i++, source++)
        {
            var forwarded = Forward(rewriter, TestPackets.Audio(SourceQ, source, (uint)(960 * i)), 20 * i);
            Assert.Equal(RtpRewriteResult.Forwarded, forwarded.Result);
            Assert.Equal((ushort)(1000 + i), forwarded.Sequence);
            Assert.Equal((uint)(960 * i), forwarded.Timestamp);
        }
    }

    [Fact]
    public void Output_numbers_wrap_at_16_and_32_bits()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000, initialSequenceNumber: 65534, initialTimestamp: uint.MaxValue - 959);
        ushort[] expectedSequences = [65534, 65535, 0, 1];
        uint[] expectedTimestamps = [uint.MaxValue - 959, 0, 960, 1920];
        for (int i = 0; i < 4; i++)
        {
            var forwarded = Forward(rewriter, TestPackets.Audio(SourceQ, (ushort)(10 + i), (uint)(100_000 + 960 * i)), 20 * i);
            Assert.Equal(expectedSequences[i], forwarded.Sequence);
            Assert.Equal(expectedTimestamps[i], forwarded.Timestamp);
        }
    }

    [Fact]
    public void Source_timestamps_wrapping_at_32_bits_stay_continuous()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 0, initialTimestamp: 1_000_000);
        uint sourceTimestamp = uint.MaxValue - 2999;
        for (int i = 0; i < 4; i++, sourceTimestamp += 3000)
        {
            var forwarded = Forward(rewriter, TestPackets.Audio(SourceQ, (ushort)i, sourceTimestamp), 33 * i);
            Assert.Equal((uint)(1_000_000 + 3000 * i), forwarded.Timestamp);
        }
    }

    [Fact]
    public void Upstream_loss_stays_a_gap_so_the_subscriber_nacks_it()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000, initialSequenceNumber: 200, initialTimestamp: 0);
        Assert.Equal((ushort)200, Forward(rewriter, TestPackets.Audio(SourceQ, 10, 0), 0).Sequence);
        Assert.Equal((ushort)201, Forward(rewriter, TestPackets.Audio(SourceQ, 11, 960), 20).Sequence);
        Assert.Equal((ushort)204, Forward(rewriter, TestPackets.Audio(SourceQ, 14, 3840), 80).Sequence);
        Assert.Equal((ushort)205, Forward(rewriter, TestPackets.Audio(SourceQ, 15, 4800), 100).Sequence);
    }

    [Fact]
    public void Reordered_packets_map_to_their_own_numbers_and_do_not_move_the_newest()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000, initialSequenceNumber: 65535, initialTimestamp: 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 65534, 0), 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 1, 2880), 60);       // 65535 and 0 still in flight
        var late = Forward(rewriter, TestPackets.Audio(SourceQ, 65535, 960), 61);
        var later = Forward(rewriter, TestPackets.Audio(SourceQ, 0, 1920), 62);

        Assert.Equal((RtpRewriteResult.Forwarded, (ushort)0, 960u), (late.Result, late.Sequence, late.Timestamp));
        Assert.Equal((RtpRewriteResult.Forwarded, (ushort)1, 1920u), (later.Result, later.Sequence, later.Timestamp));
        Assert.Equal((ushort)2, rewriter.LastSequenceNumber);
        Assert.Equal(2880u, rewriter.LastTimestamp);
    }

    [Fact]
    public void Duplicates_are_dropped_whether_newest_or_late()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000);
        Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(TestPackets.Audio(SourceQ, 10, 0), 0));
        Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(TestPackets.Audio(SourceQ, 12, 1920), 40));
        Assert.Equal(RtpRewriteResult.Duplicate, rewriter.Rewrite(TestPackets.Audio(SourceQ, 12, 1920), 41));
        Assert.Equal(RtpRewriteResult.Duplicate, rewriter.Rewrite(TestPackets.Audio(SourceQ, 10, 0), 42));
        Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(TestPackets.Audio(SourceQ, 11, 960), 43)); // the hole, late
        Assert.Equal(RtpRewriteResult.Duplicate, rewriter.Rewrite(TestPackets.Audio(SourceQ, 11, 960), 44));
    }

    [Fact]
    public void A_switch_continues_the_sequence_and_advances_the_timestamp_by_the_elapsed_time()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 100, initialTimestamp: 50_000);
        Forward(rewriter, TestPackets.Audio(SourceQ, 7000, 123_000), 1000);
        Forward(rewriter, TestPackets.Audio(SourceQ, 7001, 126_000), 1033);

        rewriter.ResetSource(SourceF);
        var first = Forward(rewriter, TestPackets.Audio(SourceF, 40_000, 3_000_000_000), 1073); // 40 ms later
        var second = Forward(rewriter, TestPackets.Audio(SourceF, 40_001, 3_000_003_000), 1106);

        Assert.Equal((RtpRewriteResult.Forwarded, (ushort)102, 53_000u + 40 * 90, OutputSsrc), first);
        Assert.Equal((ushort)103, second.Sequence);
        Assert.Equal(53_000u + 40 * 90 + 3000, second.Timestamp);
        Assert.Equal(SourceF, rewriter.SourceSsrc);
    }

    [Fact]
    public void A_switch_without_elapsed_time_still_advances_the_timestamp_by_one_tick()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 0, initialTimestamp: uint.MaxValue);
        Forward(rewriter, TestPackets.Audio(SourceQ, 1, 10), 500);
        rewriter.ResetSource(SourceH);
        var switched = Forward(rewriter, TestPackets.Audio(SourceH, 9, 77_777), 500);
        Assert.Equal(((ushort)1, 0u), (switched.Sequence, switched.Timestamp)); // uint.MaxValue + 1 wraps to 0
    }

    [Fact]
    public void After_a_switch_the_old_source_and_the_new_sources_earlier_packets_are_dropped()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 0, initialTimestamp: 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 100, 0), 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 102, 3000), 33);   // 101 still in flight
        rewriter.ResetSource(SourceF);
        Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(TestPackets.Audio(SourceF, 9000, 0), 66));

        Assert.Equal(RtpRewriteResult.NotCurrentSource, rewriter.Rewrite(TestPackets.Audio(SourceQ, 101, 1500), 67));
        Assert.Equal(RtpRewriteResult.NotCurrentSource, rewriter.Rewrite(TestPackets.Audio(SourceQ, 103, 6000), 68));
        Assert.Equal(RtpRewriteResult.BeforeSourceStart, rewriter.Rewrite(TestPackets.Audio(SourceF, 8999, 0), 69));
        Assert.Equal((ushort)4, Forward(rewriter, TestPackets.Audio(SourceF, 9000 + 1, 3000), 99).Sequence);
    }

    [Fact]
    public void Switches_q_to_f_to_h_keep_one_gapless_stream_and_keep_loss_gaps_within_a_source()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 65533, initialTimestamp: 0);
        var outputs = new List<ushort>();
        void Send(uint ssrc, ushort sequence, long now) =>
            outputs.Add(Forward(rewriter, TestPackets.Audio(ssrc, sequence, (uint)(now * 90)), now).Sequence);

        Send(SourceQ, 10, 0); Send(SourceQ, 11, 10); Send(SourceQ, 12, 20);
        rewriter.ResetSource(SourceF);
        Send(SourceF, 65535, 30); Send(SourceF, 0, 40); Send(SourceF, 2, 50);   // f's 1 lost upstream
        rewriter.ResetSource(SourceH);
        Send(SourceH, 500, 60); Send(SourceH, 501, 70);

        Assert.Equal(new ushort[] { 65533, 65534, 65535, 0, 1, 3, 4, 5 }, outputs);
    }

    [Fact]
    public void Resetting_the_same_source_closes_the_gap_a_pause_left()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000, initialSequenceNumber: 0, initialTimestamp: 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 10, 0), 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 11, 960), 20);
        // paused for one second: source packets 12–61 were not forwarded
        rewriter.ResetSource(SourceQ);
        var resumed = Forward(rewriter, TestPackets.Audio(SourceQ, 62, 960 * 52), 1020);
        Assert.Equal(((ushort)2, 960u + 48_000), (resumed.Sequence, resumed.Timestamp));
        Assert.Equal(RtpRewriteResult.BeforeSourceStart, rewriter.Rewrite(TestPackets.Audio(SourceQ, 61, 960 * 51), 1021));
    }

    [Fact]
    public void Packets_behind_the_history_window_are_too_old()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000, historySize: 16);
        for (ushort sequence = 100; sequence <= 120; sequence++)
            if (sequence != 104)
                rewriter.Rewrite(TestPackets.Audio(SourceQ, sequence, sequence * 960u), sequence);
        Assert.Equal(RtpRewriteResult.TooOld, rewriter.Rewrite(TestPackets.Audio(SourceQ, 104, 104 * 960u), 200));
        Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(TestPackets.Audio(SourceQ, 121, 121 * 960u), 201));
    }

    [Fact]
    public void A_source_that_restarts_its_numbering_far_away_is_picked_up_again_after_a_few_packets()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 48000, initialSequenceNumber: 0, initialTimestamp: 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 1000, 0), 0);
        Forward(rewriter, TestPackets.Audio(SourceQ, 1001, 960), 20);
        // The source jumps 40000 ahead, which looks like 25536 behind.
        for (int i = 0; i < 7; i++)
            Assert.Equal(RtpRewriteResult.TooOld, rewriter.Rewrite(TestPackets.Audio(SourceQ, (ushort)(41000 + i), 0), 40 + i));
        var restarted = Forward(rewriter, TestPackets.Audio(SourceQ, 41007, 5_000_000), 60);
        var next = Forward(rewriter, TestPackets.Audio(SourceQ, 41008, 5_000_960), 80);
        Assert.Equal((RtpRewriteResult.Forwarded, (ushort)2, 960u + 40 * 48), (restarted.Result, restarted.Sequence, restarted.Timestamp));
        Assert.Equal(((ushort)3, 960u + 40 * 48 + 960), (next.Sequence, next.Timestamp));
    }

    [Fact]
    public void Without_a_reset_the_first_ssrc_is_the_source_and_other_ssrcs_are_dropped()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000);
        Assert.False(rewriter.HasSource);
        Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(TestPackets.Audio(SourceH, 1, 0), 0));
        Assert.True(rewriter.HasSource);
        Assert.Equal(RtpRewriteResult.NotCurrentSource, rewriter.Rewrite(TestPackets.Audio(SourceQ, 2, 0), 1));
    }

    [Fact]
    public void Garbage_is_malformed_and_left_untouched()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000);
        byte[] garbage = [0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        byte[] copy = (byte[])garbage.Clone();
        Assert.Equal(RtpRewriteResult.Malformed, rewriter.Rewrite(garbage, 0));
        Assert.Equal(copy, garbage);
        Assert.False(rewriter.HasSource);
    }

    [Fact]
    public void The_reverse_map_finds_forwarded_packets_and_holes_across_a_switch()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 65534, initialTimestamp: 0, historySize: 16);
        rewriter.Rewrite(TestPackets.Audio(SourceQ, 300, 0), 0);       // out 65534
        rewriter.Rewrite(TestPackets.Audio(SourceQ, 302, 6000), 66);   // out 0; 65535 is a hole (q 301)
        rewriter.ResetSource(SourceF);
        rewriter.Rewrite(TestPackets.Audio(SourceF, 65535, 0), 100);   // out 1
        rewriter.Rewrite(TestPackets.Audio(SourceF, 0, 3000), 133);    // out 2

        Assert.True(rewriter.TryGetSource(65534, out uint ssrc, out ushort sequence));
        Assert.Equal((SourceQ, (ushort)300), (ssrc, sequence));
        Assert.True(rewriter.TryGetSource(65535, out ssrc, out sequence));
        Assert.Equal((SourceQ, (ushort)301), (ssrc, sequence));
        Assert.True(rewriter.TryGetSource(1, out ssrc, out sequence));
        Assert.Equal((SourceF, (ushort)65535), (ssrc, sequence));
        Assert.True(rewriter.TryGetSource(2, out ssrc, out sequence));
        Assert.Equal((SourceF, (ushort)0), (ssrc, sequence));

        Assert.False(rewriter.TryGetSource(3, out _, out _));       // not sent yet
        Assert.False(rewriter.TryGetSource(65533, out _, out _));   // before the stream began

        for (ushort source = 1; source <= 16; source++)
            rewriter.Rewrite(TestPackets.Audio(SourceF, source, source * 3000u), 133 + source);
        Assert.False(rewriter.TryGetSource(65534, out _, out _));   // left the 16-entry window
        Assert.True(rewriter.TryGetSource(3, out ssrc, out sequence));
        Assert.Equal((SourceF, (ushort)1), (ssrc, sequence));
    }

    [Fact]
    public void A_large_loss_gap_records_only_the_window_of_holes()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 0, initialTimestamp: 0, historySize: 16);
        rewriter.Rewrite(TestPackets.Audio(SourceQ, 0, 0), 0);
        rewriter.Rewrite(TestPackets.Audio(SourceQ, 1000, 0), 10);
        Assert.True(rewriter.TryGetSource(999, out _, out ushort sequence));
        Assert.Equal((ushort)999, sequence);
        Assert.True(rewriter.TryGetSource(985, out _, out _));
        Assert.False(rewriter.TryGetSource(984, out _, out _));
        Assert.False(rewriter.TryGetSource(0, out _, out _));
    }

    [Fact]
    public void Vp8_picture_ids_and_tl0picidx_continue_across_a_switch()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, rewriteVp8: true, initialSequenceNumber: 0, initialTimestamp: 0);
        var q = new Vp8TestStream(SourceQ, 100, 0, firstPictureId: 32766, firstTl0PicIdx: 254);
        var f = new Vp8TestStream(SourceF, 9000, 777, firstPictureId: 5000, firstTl0PicIdx: 17);

        var pictureIds = new List<int>();
        var tl0 = new List<int>();
        void Send(byte[][] frame, long now)
        {
            foreach (byte[] packet in frame)
            {
                byte[] body = TestPackets.Vp8Body(packet);
                Assert.Equal(RtpRewriteResult.Forwarded, rewriter.Rewrite(packet, now));
                var descriptor = TestPackets.Descriptor(packet);
                pictureIds.Add(descriptor.PictureId);
                tl0.Add(descriptor.Tl0PicIdx);
                Assert.Equal(2, descriptor.PictureIdLength);
                Assert.Equal(body, TestPackets.Vp8Body(packet));
            }
        }

        Send(q.Frame(keyframe: true), 0);
        Send(q.Frame(keyframe: false), 33);
        Send(q.Frame(keyframe: false), 66);
        rewriter.ResetSource(SourceF);
        Send(f.Frame(keyframe: true), 100);
        Send(f.Frame(keyframe: false), 133);

        Assert.Equal(new[] { 32766, 32766, 32767, 32767, 0, 0, 1, 1, 2, 2 }, pictureIds);
        Assert.Equal(new[] { 254, 254, 255, 255, 0, 0, 1, 1, 2, 2 }, tl0);
    }

    [Fact]
    public void Header_writing_callers_get_the_same_numbers_as_in_place_rewriting()
    {
        var inPlace = new RtpStreamRewriter(OutputSsrc, 90000, rewriteVp8: true, initialSequenceNumber: 9, initialTimestamp: 99);
        var byValue = new RtpStreamRewriter(OutputSsrc, 90000, rewriteVp8: true, initialSequenceNumber: 9, initialTimestamp: 99);
        var q = new Vp8TestStream(SourceQ, 65530, uint.MaxValue - 4000, 300, 3);
        var h = new Vp8TestStream(SourceH, 10, 10, 20000, 100);
        long now = 0;
        foreach (var (stream, keyframe, reset) in new[] { (q, true, false), (q, false, false), (h, true, true), (h, false, false), (h, false, false) })
        {
            if (reset)
            {
                inPlace.ResetSource(stream.Ssrc);
                byValue.ResetSource(stream.Ssrc);
            }
            foreach (byte[] packet in stream.Frame(keyframe, packets: 3))
            {
                var (ssrc, sequence, timestamp) = TestPackets.Header(packet);
                Assert.True(RtpHeader.TryParse(packet, out var parsed));
                int payloadStart = parsed.HeaderLength;
                byte[] payload = packet[payloadStart..];
                Assert.Equal(RtpRewriteResult.Forwarded, byValue.Rewrite(ssrc, sequence, timestamp, payload, now, out ushort outSequence, out uint outTimestamp));
                Assert.Equal(RtpRewriteResult.Forwarded, inPlace.Rewrite(packet, now));
                Assert.Equal((OutputSsrc, outSequence, outTimestamp), TestPackets.Header(packet));
                Assert.Equal(packet[payloadStart..], payload);
            }
            now += 33;
        }
    }

    [Fact]
    public void Source_timestamps_of_the_current_source_map_for_sender_reports()
    {
        var rewriter = new RtpStreamRewriter(OutputSsrc, 90000, initialSequenceNumber: 0, initialTimestamp: 1000);
        Assert.False(rewriter.TryMapTimestamp(SourceQ, 5000, out _));
        rewriter.Rewrite(TestPackets.Audio(SourceQ, 1, 4000), 0);
        Assert.True(rewriter.TryMapTimestamp(SourceQ, 5000, out uint mapped));
        Assert.Equal(2000u, mapped);
        Assert.False(rewriter.TryMapTimestamp(SourceF, 5000, out _));
        rewriter.ResetSource(SourceF);
        Assert.False(rewriter.TryMapTimestamp(SourceF, 5000, out _)); // not started yet
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(65536)]
    public void History_size_must_be_a_power_of_two_in_range(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpStreamRewriter(OutputSsrc, 90000, historySize: size));

    [Fact]
    public void Clock_rate_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpStreamRewriter(OutputSsrc, 0));
}
