using RtcLive.Sfu.Feedback;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Feedback;

/// <summary>
/// Every feedback the builder writes is read back with the format's own reader, so these tests check the
/// bytes a browser receives, not the builder's bookkeeping.
/// </summary>
public class TransportCcFeedbackBuilderTests
{
    private const uint SenderSsrc = 0x11111111;
    private const uint MediaSsrc = 0x6E2D9F01;
    private const long Start = 3_600_000_000; // an hour into the node's clock

    /// <summary>What a reader sees for an arrival: the time rounded down to 250 µs.</summary>
    private static long OnWire(long arrival) => arrival / TransportCcFeedback.DeltaResolutionMicroseconds * TransportCcFeedback.DeltaResolutionMicroseconds;

    private static ReadBack Build(TransportCcFeedbackBuilder builder, long now, int bufferSize = 1500)
    {
        byte[] buffer = new byte[bufferSize];
        int length = builder.TryBuild(now, buffer, SenderSsrc, MediaSsrc);
        Assert.True(length > 0, "expected a feedback packet");
        return ReadBack.From(buffer.AsSpan(0, length));
    }

    private static void AssertStatuses(ReadBack feedback, ushort firstSequence, IReadOnlyDictionary<ushort, long> arrivals, int count)
    {
        Assert.Equal(firstSequence, feedback.BaseSequenceNumber);
        Assert.Equal(count, feedback.Statuses.Count);
        for (int i = 0; i < count; i++)
        {
            var status = feedback.Statuses[i];
            ushort expected = (ushort)(firstSequence + i);
            Assert.Equal(expected, status.SequenceNumber);
            if (arrivals.TryGetValue(expected, out long arrival))
            {
                Assert.True(status.Received, $"{expected} should be received");
                Assert.Equal(OnWire(arrival), status.ArrivalTimeMicroseconds);
                Assert.InRange(arrival - status.ArrivalTimeMicroseconds, 0, 249);
            }
            else
            {
                Assert.False(status.Received, $"{expected} should be reported missing");
            }
        }
    }

    [Fact]
    public void Reports_every_packet_with_its_arrival_and_counts_feedback_packets()
    {
        var builder = new TransportCcFeedbackBuilder();
        var arrivals = new Dictionary<ushort, long>();
        for (int i = 0; i < 10; i++)
        {
            long arrival = Start + i * 1_337 + 91;
            arrivals[(ushort)(100 + i)] = arrival;
            builder.OnPacket((ushort)(100 + i), arrival);
        }

        var first = Build(builder, Start + 20_000);
        Assert.Equal(SenderSsrc, first.SenderSsrc);
        Assert.Equal(MediaSsrc, first.MediaSsrc);
        Assert.Equal(0, first.FeedbackPacketCount);
        AssertStatuses(first, 100, arrivals, 10);
        Assert.False(builder.HasPendingFeedback);
        Assert.Equal(0, builder.TryBuild(Start + 30_000, new byte[1500], SenderSsrc, MediaSsrc));

        arrivals.Clear();
        arrivals[110] = Start + 40_000;
        arrivals[111] = Start + 41_000;
        builder.OnPacket(110, arrivals[110]);
        builder.OnPacket(111, arrivals[111]);
        var second = Build(builder, Start + 50_000);
        Assert.Equal(1, second.FeedbackPacketCount);
        AssertStatuses(second, 110, arrivals, 2);
    }

    [Fact]
    public void Marks_gaps_as_not_received_including_losses_at_the_start_of_a_feedback()
    {
        var builder = new TransportCcFeedbackBuilder();
        var arrivals = new Dictionary<ushort, long>();
        foreach (ushort sequence in new ushort[] { 0, 1, 2, 5, 6, 9 })
        {
            arrivals[sequence] = Start + sequence * 2_000;
            builder.OnPacket(sequence, arrivals[sequence]);
        }
        AssertStatuses(Build(builder, Start + 20_000), 0, arrivals, 10);

        // 10 and 11 are lost; the next feedback starts at 10, not at the next arrival.
        arrivals.Clear();
        arrivals[12] = Start + 30_000;
        builder.OnPacket(12, arrivals[12]);
        AssertStatuses(Build(builder, Start + 40_000), 10, arrivals, 3);
    }

    [Fact]
    public void Crosses_the_16_bit_wraparound()
    {
        var builder = new TransportCcFeedbackBuilder();
        var arrivals = new Dictionary<ushort, long>();
        for (int i = 0; i < 12; i++)
        {
            ushort sequence = (ushort)(65530 + i); // 65530 … 65535, 0 … 5
            if (sequence is 65534 or 2)
                continue;
            arrivals[sequence] = Start + i * 5_000;
            builder.OnPacket(sequence, arrivals[sequence]);
        }
        AssertStatuses(Build(builder, Start + 60_000), 65530, arrivals, 12);

        arrivals.Clear();
        arrivals[6] = Start + 70_000;
        builder.OnPacket(6, arrivals[6]);
        AssertStatuses(Build(builder, Start + 80_000), 6, arrivals, 1);
    }

    [Fact]
    public void Reports_a_large_gap_as_lost()
    {
        var builder = new TransportCcFeedbackBuilder();
        var arrivals = new Dictionary<ushort, long> { [10] = Start, [1_500] = Start + 30_000 };
        builder.OnPacket(10, arrivals[10]);
        builder.OnPacket(1_500, arrivals[1_500]);
        AssertStatuses(Build(builder, Start + 40_000), 10, arrivals, 1_491);
    }

    [Fact]
    public void A_gap_larger_than_the_ring_keeps_only_the_newest_numbers()
    {
        var builder = new TransportCcFeedbackBuilder(capacity: 2048);
        builder.OnPacket(10, Start);
        builder.OnPacket(20_010, Start + 10_000);
        var feedback = Build(builder, Start + 20_000);
        AssertStatuses(feedback, (ushort)(20_010 - 2047), new Dictionary<ushort, long> { [20_010] = Start + 10_000 }, 2048);
    }

    [Fact]
    public void Includes_reordered_packets_with_their_own_arrival_times()
    {
        var builder = new TransportCcFeedbackBuilder();
        var arrivals = new Dictionary<ushort, long>();
        long time = Start;
        foreach (ushort sequence in new ushort[] { 1, 2, 4, 3, 7, 5, 6 })
        {
            time += 700;
            arrivals[sequence] = time;
            builder.OnPacket(sequence, time);
        }
        AssertStatuses(Build(builder, time + 10_000), 1, arrivals, 7);
    }

    [Fact]
    public void A_packet_arriving_after_it_was_reported_lost_is_reported_again_from_there()
    {
        var builder = new TransportCcFeedbackBuilder();
        var arrivals = new Dictionary<ushort, long> { [1] = Start, [2] = Start + 1_000, [4] = Start + 3_000, [5] = Start + 4_000 };
        foreach (var (sequence, arrival) in arrivals)
            builder.OnPacket(sequence, arrival);
        AssertStatuses(Build(builder, Start + 10_000), 1, arrivals, 5); // 3 missing

        arrivals[3] = Start + 12_000;
        builder.OnPacket(3, arrivals[3]);
        arrivals.Remove(1);
        arrivals.Remove(2);
        var again = Build(builder, Start + 20_000);
        AssertStatuses(again, 3, arrivals, 3); // 3 now received, 4 and 5 described again with the same times
    }

    [Fact]
    public void A_duplicate_keeps_the_first_arrival()
    {
        var builder = new TransportCcFeedbackBuilder();
        builder.OnPacket(7, Start);
        builder.OnPacket(8, Start + 1_000);
        builder.OnPacket(7, Start + 2_000);
        AssertStatuses(Build(builder, Start + 5_000), 7, new Dictionary<ushort, long> { [7] = Start, [8] = Start + 1_000 }, 2);
    }

    [Fact]
    public void When_the_caller_stalls_the_oldest_numbers_drop_out_of_the_ring()
    {
        var builder = new TransportCcFeedbackBuilder(capacity: 2048);
        var arrivals = new Dictionary<ushort, long>();
        for (int i = 0; i < 5_000; i++)
        {
            ushort sequence = (ushort)(60_000 + i); // wraps on the way
            long arrival = Start + i * 60L;
            builder.OnPacket(sequence, arrival);
            if (i >= 5_000 - 2048)
                arrivals[sequence] = arrival;
        }
        var feedback = Build(builder, Start + 5_000 * 60L, bufferSize: 8192);
        AssertStatuses(feedback, (ushort)(60_000 + 5_000 - 2048), arrivals, 2048);
        Assert.False(builder.HasPendingFeedback);
    }

    [Fact]
    public void A_small_destination_splits_the_report_over_several_packets()
    {
        var builder = new TransportCcFeedbackBuilder(maxReportAgeMicroseconds: 60_000_000);
        var arrivals = new Dictionary<ushort, long>();
        var random = new Random(7);
        long time = Start;
        for (int i = 0; i < 1_500; i++)
        {
            time += random.Next(0, 30_000); // many two-byte deltas
            if (random.Next(10) == 0)
                continue;
            arrivals[(ushort)i] = time;
            builder.OnPacket((ushort)i, time);
        }

        int next = arrivals.Keys.Min();
        byte expectedCount = 0;
        long now = time + 1_000;
        while (builder.HasPendingFeedback)
        {
            var part = Build(builder, now, bufferSize: 200);
            Assert.InRange(part.Length, TransportCcFeedback.MinLength, 200);
            Assert.Equal(expectedCount++, part.FeedbackPacketCount);
            AssertStatuses(part, (ushort)next, arrivals, part.Statuses.Count);
            next += part.Statuses.Count;
        }
        Assert.True(expectedCount > 5);
        Assert.Equal(arrivals.Keys.Max() + 1, next);
    }

    [Fact]
    public void Leaves_out_arrivals_older_than_the_report_age()
    {
        var builder = new TransportCcFeedbackBuilder(maxReportAgeMicroseconds: 500_000);
        builder.OnPacket(1, Start);
        builder.OnPacket(2, Start + 10_000);
        builder.OnPacket(4, Start + 900_000);
        builder.OnPacket(5, Start + 910_000);
        // at Start + 1 s, 1 and 2 are too old; 3 (never arrived, after them) is still reported
        AssertStatuses(Build(builder, Start + 1_000_000), 3,
            new Dictionary<ushort, long> { [4] = Start + 900_000, [5] = Start + 910_000 }, 3);

        builder.OnPacket(6, Start + 1_000_000);
        Assert.Equal(0, builder.TryBuild(Start + 2_000_000, new byte[1500], SenderSsrc, MediaSsrc));
        Assert.False(builder.HasPendingFeedback);
    }

    [Fact]
    public void The_feedback_packet_count_wraps_at_256()
    {
        var builder = new TransportCcFeedbackBuilder();
        for (int i = 0; i < 258; i++)
        {
            builder.OnPacket((ushort)i, Start + i * 1_000);
            Assert.Equal((byte)i, Build(builder, Start + i * 1_000 + 100).FeedbackPacketCount);
        }
        Assert.Equal(2, builder.FeedbackPacketCount);
    }

    [Fact]
    public void Random_loss_reordering_and_wraparound_read_back_exactly()
    {
        var random = new Random(20240611);
        var builder = new TransportCcFeedbackBuilder();
        var received = new Dictionary<ushort, long>();
        var reported = new Dictionary<ushort, TransportCcPacketStatus>();
        ushort first = 65_000;
        long time = Start;
        const int total = 3_000;
        var order = new List<int>();
        for (int i = 0; i < total; i++)
            order.Add(i);
        for (int i = 0; i + 1 < total; i++)
            if (random.Next(8) == 0)
                (order[i], order[i + 1]) = (order[i + 1], order[i]); // local reordering

        for (int n = 0; n < total; n++)
        {
            time += random.Next(100, 3_000);
            ushort sequence = (ushort)(first + order[n]);
            if (random.Next(20) != 0)
            {
                builder.OnPacket(sequence, time);
                received.TryAdd(sequence, time);
            }
            if (n % 40 == 39 || n == total - 1)
            {
                while (builder.HasPendingFeedback)
                {
                    foreach (var status in Build(builder, time).Statuses)
                    {
                        // A number may be described again; a later description only ever adds an arrival.
                        if (!reported.TryGetValue(status.SequenceNumber, out var earlier) || !earlier.Received)
                            reported[status.SequenceNumber] = status;
                        else
                            Assert.Equal(earlier, status);
                    }
                }
            }
        }

        foreach (var (sequence, arrival) in received)
        {
            Assert.True(reported.TryGetValue(sequence, out var status), $"{sequence} never reported");
            Assert.True(status.Received);
            Assert.Equal(OnWire(arrival), status.ArrivalTimeMicroseconds);
        }
        foreach (var (sequence, status) in reported)
            Assert.Equal(received.ContainsKey(sequence), status.Received);
    }

    [Fact]
    public void Rejects_a_capacity_that_is_not_a_power_of_two()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportCcFeedbackBuilder(capacity: 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportCcFeedbackBuilder(capacity: 65536));
    }

    /// <summary>A feedback packet read back through <see cref="TransportCcFeedback"/>, kept after the span is gone.</summary>
    private sealed record ReadBack(int Length, uint SenderSsrc, uint MediaSsrc, byte FeedbackPacketCount,
        ushort BaseSequenceNumber, List<TransportCcPacketStatus> Statuses)
    {
        public static ReadBack From(ReadOnlySpan<byte> packet)
        {
            Assert.True(RtcpPacket.TryParse(packet, out var rtcp));
            Assert.Equal(packet.Length, rtcp.Packet.Length);
            Assert.True(TransportCcFeedback.TryParse(rtcp, out var feedback));
            var statuses = new List<TransportCcPacketStatus>();
            foreach (var status in feedback)
                statuses.Add(status);
            Assert.Equal(feedback.PacketStatusCount, statuses.Count);
            return new ReadBack(packet.Length, feedback.SenderSsrc, feedback.MediaSsrc, feedback.FeedbackPacketCount,
                feedback.BaseSequenceNumber, statuses);
        }
    }
}
