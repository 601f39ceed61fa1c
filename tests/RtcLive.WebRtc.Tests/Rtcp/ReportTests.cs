using RtcLive.WebRtc.Rtcp;

namespace RtcLive.WebRtc.Tests.Rtcp;

public class ReportTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static RtcpPacket Single(byte[] datagram)
    {
        Assert.True(RtcpPacket.TryParse(datagram, out var packet));
        return packet;
    }

    private static readonly ReportBlock SampleBlock = new(
        Ssrc: 0x11223344, FractionLost: 64, CumulativeLost: -2, ExtendedHighestSequenceNumber: 0x00010005,
        Jitter: 32, LastSenderReport: 0xB7052000, DelaySinceLastSenderReport: 0x00054000);

    [Fact]
    public void Parses_a_sender_report_without_blocks()
    {
        byte[] datagram = RtcpCompoundReaderTests.SenderReportAndSdes();
        Assert.True(SenderReport.TryParse(Single(datagram), out var sr));
        Assert.Equal(0x6E2D9F01u, sr.Ssrc);
        Assert.Equal(0, sr.ReportCount);
        SenderInfo info = sr.Info;
        Assert.Equal(0x83AA7E80u, info.NtpTimestamp.Seconds);
        Assert.Equal(0x80000000u, info.NtpTimestamp.Fraction);
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 0, 500, DateTimeKind.Utc), info.NtpTimestamp.ToDateTime());
        Assert.Equal(0x2B5A1C40u, info.RtpTimestamp);
        Assert.Equal(400u, info.PacketCount);
        Assert.Equal(360_000u, info.OctetCount);
    }

    [Fact]
    public void Parses_a_sender_report_block_with_negative_cumulative_loss()
    {
        byte[] datagram = Hex("81C8000C 6E2D9F01 83AA7E80 00000000 00000001 00000002 00000003" +
                              "11223344 40 FFFFFE 00010005 00000020 B7052000 00054000");
        Assert.True(SenderReport.TryParse(Single(datagram), out var sr));
        Assert.Equal(1, sr.ReportCount);
        Assert.Equal(SampleBlock, sr.GetReportBlock(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GetBlock(datagram, 1));

        static ReportBlock GetBlock(byte[] datagram, int index)
        {
            SenderReport.TryParse(Single(datagram), out var sr);
            return sr.GetReportBlock(index);
        }
    }

    [Fact]
    public void Sender_report_round_trips_with_blocks()
    {
        var info = new SenderInfo(new NtpTimestamp(0xE93C0E00, 0x12345678), 90_000, 1000, 1_000_000);
        ReportBlock[] blocks = [SampleBlock, SampleBlock with { Ssrc = 5, CumulativeLost = 0x7FFFFF, FractionLost = 255 }];
        byte[] buffer = new byte[SenderReport.GetLength(2)];
        int length = SenderReport.Write(buffer, 0xAABBCCDD, info, blocks);
        Assert.Equal(76, length);
        Assert.Equal("82C80012", Convert.ToHexString(buffer, 0, 4));

        Assert.True(SenderReport.TryParse(Single(buffer), out var sr));
        Assert.Equal(0xAABBCCDDu, sr.Ssrc);
        Assert.Equal(info, sr.Info);
        Assert.Equal(blocks[0], sr.GetReportBlock(0));
        Assert.Equal(blocks[1], sr.GetReportBlock(1));
    }

    [Fact]
    public void Receiver_report_round_trips_and_rejects_missing_blocks()
    {
        byte[] buffer = new byte[64];
        int length = ReceiverReport.Write(buffer, 0x01020304, [SampleBlock]);
        Assert.Equal(32, length);
        Assert.True(ReceiverReport.TryParse(Single(buffer.AsSpan(0, length).ToArray()), out var rr));
        Assert.Equal(0x01020304u, rr.Ssrc);
        Assert.Equal(SampleBlock, rr.GetReportBlock(0));

        buffer[0] = 0x82; // claims two blocks, holds one
        Assert.False(ReceiverReport.TryParse(Single(buffer.AsSpan(0, length).ToArray()), out _));
        Assert.False(SenderReport.TryParse(Single(buffer.AsSpan(0, length).ToArray()), out _)); // wrong type
    }

    [Fact]
    public void Writers_report_short_destinations_and_too_many_blocks()
    {
        Assert.Throws<ArgumentException>(() => ReceiverReport.Write(new byte[31], 1, [SampleBlock]));
        Assert.Throws<ArgumentException>(() => ReceiverReport.Write(new byte[2000], 1, new ReportBlock[32]));
        Assert.Throws<ArgumentException>(() => SenderReport.Write(new byte[27], 1, default(SenderInfo)));
    }

    [Theory]
    [InlineData(-9_000_000, -0x800000)]
    [InlineData(9_000_000, 0x7FFFFF)]
    [InlineData(-1, -1)]
    [InlineData(0, 0)]
    public void Cumulative_loss_is_a_clamped_24_bit_signed_field(int written, int read)
    {
        byte[] bytes = new byte[ReportBlock.Length];
        (SampleBlock with { CumulativeLost = written }).Write(bytes);
        Assert.Equal(read, ReportBlock.Read(bytes).CumulativeLost);
    }

    [Theory]
    [InlineData(100, 75, 64)]   // 25 % lost
    [InlineData(100, 100, 0)]
    [InlineData(100, 110, 0)]   // duplicates
    [InlineData(0, 0, 0)]
    [InlineData(1, 0, 255)]     // everything lost saturates at 255/256
    public void Fraction_lost_follows_RFC_3550_A3(long expected, long received, int fraction) =>
        Assert.Equal(fraction, ReportBlock.ComputeFractionLost(expected, received));

    [Fact]
    public void Round_trip_time_matches_the_RFC_3550_example()
    {
        // RFC 3550 §6.4.1 figure: A = 0xb710:8000, LSR = 0xb705:2000, DLSR = 0x0005:4000 → 6.125 s
        Assert.True(CompactNtp.TryGetRoundTripTime(0xB7108000, 0xB7052000, 0x00054000, out var rtt));
        Assert.Equal(TimeSpan.FromSeconds(6.125), rtt);
        Assert.False(CompactNtp.TryGetRoundTripTime(0xB7108000, 0, 0, out _));
        Assert.True(CompactNtp.TryGetRoundTripTime(0x00010000, 0x00010000, 0x00000100, out rtt));
        Assert.Equal(TimeSpan.Zero, rtt); // negative: clocks disagree
    }

    [Fact]
    public void Compact_NTP_converts_durations()
    {
        Assert.Equal(0x00018000u, CompactNtp.FromTimeSpan(TimeSpan.FromSeconds(1.5)));
        Assert.Equal(TimeSpan.FromSeconds(5.25), CompactNtp.ToTimeSpan(0x00054000));
        Assert.Equal(0u, CompactNtp.FromTimeSpan(TimeSpan.FromSeconds(-1)));
        Assert.Equal(uint.MaxValue, CompactNtp.FromTimeSpan(TimeSpan.FromDays(2)));
    }

    [Fact]
    public void NTP_timestamps_convert_to_and_from_UTC_in_both_eras()
    {
        var unixEpoch = NtpTimestamp.FromDateTime(DateTime.UnixEpoch);
        Assert.Equal(2_208_988_800u, unixEpoch.Seconds); // the well-known NTP–Unix offset
        Assert.Equal(0u, unixEpoch.Fraction);
        Assert.Equal(DateTime.UnixEpoch, unixEpoch.ToDateTime());

        var era1 = NtpTimestamp.FromDateTime(new DateTime(2040, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(0x0754FD00u, era1.Seconds);
        Assert.Equal(new DateTime(2040, 1, 1, 0, 0, 0, DateTimeKind.Utc), era1.ToDateTime());

        var now = new DateTime(2025, 6, 1, 12, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        var ntp = NtpTimestamp.FromDateTime(now);
        Assert.InRange((now - ntp.ToDateTime()).Ticks, 0, 1);
        Assert.Equal((uint)(ntp.Value >> 16), ntp.Compact);
        Assert.Throws<ArgumentException>(() => NtpTimestamp.FromDateTime(DateTime.Now));
    }
}
