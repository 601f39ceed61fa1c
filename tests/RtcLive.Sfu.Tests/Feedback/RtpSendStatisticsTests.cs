using RtcLive.Sfu.Feedback;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Feedback;

public class RtpSendStatisticsTests
{
    private const uint Ssrc = 0x0B0B0B0B;

    private static SenderInfo WriteAndRead(RtpSendStatistics statistics, NtpTimestamp ntp, long now)
    {
        byte[] buffer = new byte[64];
        int length = statistics.WriteSenderReport(buffer, ntp, now);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(SenderReport.TryParse(packet, out var report));
        Assert.Equal(Ssrc, report.Ssrc);
        Assert.Equal(0, report.ReportCount);
        return report.Info;
    }

    [Fact]
    public void Sender_report_extrapolates_the_rtp_timestamp_to_now()
    {
        var statistics = new RtpSendStatistics(Ssrc, 90_000);
        Assert.False(statistics.HasSent);
        statistics.OnPacketSent(1_000, 1_100, 1_000_000);
        statistics.OnPacketSent(1_000, 900, 1_002_000);          // same frame: the reference stays
        statistics.OnPacketSent(4_000, 1_000, 1_033_333);        // next frame
        statistics.OnPacketSent(1_000, 1_100, 1_040_000);        // a retransmission of the first frame
        Assert.True(statistics.HasSent);
        Assert.Equal(4, statistics.PacketsSent);
        Assert.Equal(4_100, statistics.OctetsSent);
        Assert.Equal(4_000u, statistics.LastRtpTimestamp);

        var ntp = new NtpTimestamp(0xE5000000, 0x80000000);
        SenderInfo info = WriteAndRead(statistics, ntp, 1_533_333); // 0.5 s after timestamp 4000 left
        Assert.Equal(ntp, info.NtpTimestamp);
        Assert.Equal(4_000u + 45_000u, info.RtpTimestamp);
        Assert.Equal(4u, info.PacketCount);
        Assert.Equal(4_100u, info.OctetCount);
    }

    [Fact]
    public void Extrapolation_wraps_the_32_bit_timestamp()
    {
        var statistics = new RtpSendStatistics(Ssrc, 48_000);
        statistics.OnPacketSent(uint.MaxValue - 100, 160, 0);
        SenderInfo info = statistics.GetSenderInfo(new NtpTimestamp(1, 0), 20_000); // 960 units later
        Assert.Equal(959u - 100u, info.RtpTimestamp);

        statistics.OnPacketSent(500, 160, 30_000); // newer across the wrap, so it becomes the reference
        Assert.Equal(500u, statistics.LastRtpTimestamp);
    }

    [Fact]
    public void Round_trip_time_from_the_rfc_3550_example()
    {
        // RFC 3550 §6.4.1: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000 → RTT 0x0006:2000 = 6.125 s.
        var statistics = new RtpSendStatistics(Ssrc, 90_000);
        var block = new ReportBlock(Ssrc, 64, 12, 0x0001_0005, 450, 0xb7052000, 0x00054000);
        Assert.True(statistics.OnReportBlock(block, new NtpTimestamp(0xb44db710, 0x80000000)));

        RemoteReceptionReport report = statistics.LastReceptionReport!.Value;
        Assert.Equal(TimeSpan.FromMilliseconds(6_125), report.RoundTripTime);
        Assert.Equal(0.25, report.FractionLost);
        Assert.Equal(12, report.CumulativeLost);
        Assert.Equal(5.0, report.JitterMilliseconds, 9);
        Assert.Equal(0x0001_0005u, report.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void No_round_trip_time_before_the_subscriber_saw_a_sender_report()
    {
        var statistics = new RtpSendStatistics(Ssrc, 90_000);
        Assert.True(statistics.OnReportBlock(new ReportBlock(Ssrc, 0, 0, 10, 0, 0, 0), new NtpTimestamp(5, 0)));
        Assert.Null(statistics.LastReceptionReport!.Value.RoundTripTime);
    }

    [Fact]
    public void A_block_about_another_stream_is_refused()
    {
        var statistics = new RtpSendStatistics(Ssrc, 90_000);
        Assert.False(statistics.OnReportBlock(new ReportBlock(Ssrc + 1, 0, 0, 10, 0, 1, 0), new NtpTimestamp(5, 0)));
        Assert.Null(statistics.LastReceptionReport);
    }

    [Fact]
    public void Sender_report_to_receiver_report_and_back_measures_the_round_trip()
    {
        // We send an SR; 15 ms later the subscriber's statistics take it in; 200 ms after that it sends its
        // report block, which reaches us 15 ms later: the round trip is 30 ms.
        var sender = new RtpSendStatistics(Ssrc, 90_000);
        var subscriber = new RtpReceiveStatistics(Ssrc, 90_000);
        DateTime wallClock = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        sender.OnPacketSent(3_000, 1_000, 0);
        subscriber.OnPacket(1, 3_000, 5_000_015_000);

        byte[] buffer = new byte[64];
        int length = sender.WriteSenderReport(buffer, NtpTimestamp.FromDateTime(wallClock), 100_000);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(SenderReport.TryParse(packet, out var report));
        subscriber.OnSenderReport(report.Info.NtpTimestamp, 5_000_115_000); // the subscriber's own clock

        ReportBlock block = subscriber.BuildReportBlock(5_000_315_000);
        Assert.True(sender.OnReportBlock(block, NtpTimestamp.FromDateTime(wallClock.AddMilliseconds(230))));
        TimeSpan rtt = sender.LastReceptionReport!.Value.RoundTripTime!.Value;
        Assert.InRange(rtt.TotalMilliseconds, 29.9, 30.1); // compact NTP counts in 1/65536 s
    }
}
