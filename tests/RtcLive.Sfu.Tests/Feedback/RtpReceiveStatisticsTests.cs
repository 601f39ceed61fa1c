using RtcLive.Sfu.Feedback;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Feedback;

public class RtpReceiveStatisticsTests
{
    private const uint Ssrc = 0xABCDEF01;

    [Fact]
    public void Jitter_follows_rfc_3550_by_hand()
    {
        // 8 kHz audio, 20 ms packets (160 units). Arrivals 0, 20, 45, 60, 80 ms: the third is 5 ms late.
        // Transit (arrival − timestamp, in units): 0, 0, 40, 0, 0 → |D| = 0, 40, 40, 0.
        // J += (|D| − J) / 16: 0 → 2.5 → 2.5 + 37.5/16 = 4.84375 → 4.84375 · 15/16 = 4.541015625.
        var statistics = new RtpReceiveStatistics(Ssrc, 8_000);
        long[] arrivalsMs = [0, 20, 45, 60, 80];
        double[] expected = [0, 0, 2.5, 4.84375, 4.541015625];
        for (int i = 0; i < arrivalsMs.Length; i++)
        {
            Assert.True(statistics.OnPacket((ushort)(1_000 + i), (uint)(5_000 + 160 * i), 10_000_000 + arrivalsMs[i] * 1_000));
            Assert.Equal(expected[i], statistics.Jitter, 9);
        }
        Assert.Equal(4.541015625 / 8, statistics.JitterMilliseconds, 9);
        Assert.Equal(4u, statistics.BuildReportBlock(10_100_000).Jitter);
    }

    [Fact]
    public void Jitter_handles_timestamp_wraparound()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 90_000);
        statistics.OnPacket(1, uint.MaxValue - 1_499, 0);
        statistics.OnPacket(2, 1_500, 33_333); // 3000 units later across the wrap, on time to within 1/30 unit
        Assert.InRange(statistics.Jitter, 0, 0.01);
    }

    [Fact]
    public void Counts_loss_across_sequence_wraparound_and_per_interval()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 90_000);
        long time = 0;
        for (int i = 0; i < 16; i++)
        {
            ushort sequence = (ushort)(65_530 + i); // 65530 … 65535, 0 … 9
            if (sequence is 65_533 or 2 or 5)
                continue;
            statistics.OnPacket(sequence, (uint)(i * 3_000), time += 33_333);
        }
        Assert.Equal(13, statistics.PacketsReceived);
        Assert.Equal(16, statistics.PacketsExpected);
        Assert.Equal(3, statistics.CumulativeLost);
        Assert.Equal(0x1_0009u, statistics.ExtendedHighestSequenceNumber);

        ReportBlock first = statistics.BuildReportBlock(time);
        Assert.Equal(Ssrc, first.Ssrc);
        Assert.Equal(3 * 256 / 16, first.FractionLost);
        Assert.Equal(3, first.CumulativeLost);
        Assert.Equal(0x1_0009u, first.ExtendedHighestSequenceNumber);

        for (int i = 10; i < 20; i++)
            statistics.OnPacket((ushort)i, (uint)(i * 3_000), time += 33_333);
        ReportBlock second = statistics.BuildReportBlock(time);
        Assert.Equal(0, second.FractionLost);
        Assert.Equal(3, second.CumulativeLost);
        Assert.Equal(0x1_0013u, second.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Reordered_packets_fill_their_gap_and_leave_jitter_alone()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 8_000);
        statistics.OnPacket(1, 160, 20_000);
        statistics.OnPacket(2, 320, 40_000);
        statistics.OnPacket(4, 640, 80_000);
        Assert.Equal(1, statistics.CumulativeLost);
        statistics.OnPacket(3, 480, 95_000); // 35 ms late, after 4
        Assert.Equal(0, statistics.CumulativeLost);
        Assert.Equal(4u, statistics.ExtendedHighestSequenceNumber);
        Assert.Equal(0, statistics.Jitter);
    }

    [Fact]
    public void Duplicates_are_not_counted()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 8_000);
        Assert.True(statistics.OnPacket(1, 160, 20_000));
        Assert.True(statistics.OnPacket(2, 320, 40_000));
        Assert.False(statistics.OnPacket(2, 320, 41_000)); // the newest again
        Assert.True(statistics.OnPacket(3, 480, 60_000));
        Assert.False(statistics.OnPacket(1, 160, 61_000)); // an older one again
        Assert.Equal(3, statistics.PacketsReceived);
        Assert.Equal(2, statistics.Duplicates);
        Assert.Equal(0, statistics.CumulativeLost);
        Assert.Equal(0, statistics.BuildReportBlock(70_000).FractionLost);
    }

    [Fact]
    public void A_stray_packet_far_away_is_ignored()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 90_000);
        for (int i = 100; i <= 110; i++)
            statistics.OnPacket((ushort)i, (uint)i * 3_000, i * 33_333L);
        Assert.False(statistics.OnPacket(40_000, 1, 4_000_000));
        Assert.True(statistics.OnPacket(111, 111 * 3_000, 4_100_000));
        Assert.Equal(12, statistics.PacketsReceived);
        Assert.Equal(111u, statistics.ExtendedHighestSequenceNumber);
        Assert.Equal(0, statistics.CumulativeLost);
    }

    [Fact]
    public void A_restarted_stream_resynchronises_after_two_sequential_packets()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 90_000);
        for (int i = 100; i <= 110; i++)
            statistics.OnPacket((ushort)i, (uint)i * 3_000, i * 33_333L);
        statistics.BuildReportBlock(4_000_000);

        Assert.False(statistics.OnPacket(40_000, 1, 4_000_000));
        Assert.True(statistics.OnPacket(40_001, 3_001, 4_033_333));
        Assert.True(statistics.OnPacket(40_003, 9_001, 4_100_000));
        Assert.Equal(2, statistics.PacketsReceived);
        Assert.Equal(40_003u, statistics.ExtendedHighestSequenceNumber);
        Assert.Equal(1, statistics.CumulativeLost);
        ReportBlock block = statistics.BuildReportBlock(4_200_000);
        Assert.Equal(256 / 3, block.FractionLost); // one of three since the restart
    }

    [Fact]
    public void A_jump_under_the_dropout_limit_counts_as_loss()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 90_000);
        statistics.OnPacket(65_000, 0, 0);
        statistics.OnPacket(1_464, 60_000, 1_000_000); // 2000 after 65000, across the wrap
        Assert.Equal(1_999, statistics.CumulativeLost);
        Assert.Equal(0x1_0000u + 1_464, statistics.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Report_block_carries_lsr_and_dlsr_from_the_last_sender_report()
    {
        // RFC 3550 §6.4.1's example: the SR's middle 32 bits are 0xb705:2000, and the report goes out
        // 5.25 s (0x0005:4000) after it arrived.
        var statistics = new RtpReceiveStatistics(Ssrc, 90_000);
        statistics.OnPacket(1, 0, 0);
        Assert.Equal(0u, statistics.BuildReportBlock(1_000).LastSenderReport);

        statistics.OnSenderReport(new NtpTimestamp(0xb44db705, 0x20000000), 2_000_000);
        ReportBlock block = statistics.BuildReportBlock(7_250_000);
        Assert.Equal(0xb7052000u, block.LastSenderReport);
        Assert.Equal(0x00054000u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void Report_blocks_go_into_a_receiver_report_that_reads_back()
    {
        var statistics = new RtpReceiveStatistics(Ssrc, 48_000);
        for (int i = 0; i < 10; i++)
            if (i != 4)
                statistics.OnPacket((ushort)i, (uint)(i * 960), i * 20_000L);
        ReportBlock block = statistics.BuildReportBlock(200_000);

        byte[] buffer = new byte[64];
        int length = ReceiverReport.Write(buffer, 0x5F0F0001, [block]);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(ReceiverReport.TryParse(packet, out var report));
        Assert.Equal(block, report.GetReportBlock(0));
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal(9u, block.ExtendedHighestSequenceNumber);
    }
}
