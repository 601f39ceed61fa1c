using RtcLive.WebRtc.Rtcp;

namespace RtcLive.WebRtc.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>An SR without report blocks followed by an SDES CNAME, as a sending browser emits them.</summary>
    internal static byte[] SenderReportAndSdes() => Hex(
        "80C80006 6E2D9F01 83AA7E80 80000000 2B5A1C40 00000190 00057E40" +
        "81CA0006 6E2D9F01 0110" + Convert.ToHexString("rtclive-cname-01"u8) + "0000");

    [Fact]
    public void Walks_an_SR_and_SDES_compound_packet()
    {
        var reader = new RtcpCompoundReader(SenderReportAndSdes());
        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.SenderReport, reader.Current.PacketType);
        Assert.Equal(2, reader.Current.Version);
        Assert.Equal(0, reader.Current.Count);
        Assert.Equal(6, reader.Current.LengthInWordsMinusOne);
        Assert.Equal(28, reader.Current.Packet.Length);
        Assert.Equal(24, reader.Current.Body.Length);

        Assert.True(reader.MoveNext());
        Assert.Equal(RtcpPacketType.SourceDescription, reader.Current.PacketType);
        Assert.Equal(1, reader.Current.Count);
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
        Assert.Equal(56, reader.Offset);
    }

    [Fact]
    public void Foreach_visits_every_packet()
    {
        int count = 0;
        foreach (RtcpPacket packet in new RtcpCompoundReader(SenderReportAndSdes()))
        {
            Assert.False(packet.HasPadding);
            count++;
        }
        Assert.Equal(2, count);
    }

    [Fact]
    public void Reads_Chromes_empty_receiver_report()
    {
        var reader = new RtcpCompoundReader(Hex("80C90001 6E2D9F01"));
        Assert.True(reader.MoveNext());
        Assert.True(ReceiverReport.TryParse(reader.Current, out var rr));
        Assert.Equal(0x6E2D9F01u, rr.Ssrc);
        Assert.Equal(0, rr.ReportCount);
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void A_length_past_the_datagram_stops_cleanly_after_the_good_packets()
    {
        byte[] datagram = Hex("80C90001 6E2D9F01 81CD0009 00000001 6E2D9F01 00648001");
        var reader = new RtcpCompoundReader(datagram);
        Assert.True(reader.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.True(reader.IsMalformed);
        Assert.Equal(8, reader.Offset);
        Assert.False(reader.MoveNext());
    }

    [Theory]
    [InlineData("00C90001 6E2D9F01")]               // version 0
    [InlineData("80C9")]                            // header cut short
    [InlineData("80C90001 6E2D9F01 000000")]        // trailing bytes that are no packet
    [InlineData("A0C90002 6E2D9F01 00000000")]      // padding count 0
    [InlineData("A0C90001 6E2D9F05")]               // padding longer than the body
    public void Malformed_packets_set_the_error_flag(string hex)
    {
        var reader = new RtcpCompoundReader(Hex(hex));
        while (reader.MoveNext())
        {
        }
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Padding_is_removed_from_the_body()
    {
        var reader = new RtcpCompoundReader(Hex("A0C90002 6E2D9F01 00000004"));
        Assert.True(reader.MoveNext());
        Assert.True(reader.Current.HasPadding);
        Assert.Equal(4, reader.Current.PaddingLength);
        Assert.Equal(4, reader.Current.Body.Length);
        Assert.Equal(12, reader.Current.Packet.Length);
    }

    [Fact]
    public void An_empty_datagram_has_no_packets_and_no_error()
    {
        var reader = new RtcpCompoundReader(ReadOnlySpan<byte>.Empty);
        Assert.False(reader.MoveNext());
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Header_writer_checks_its_arguments()
    {
        byte[] buffer = new byte[8];
        RtcpPacket.WriteHeader(buffer, 31, RtcpPacketType.PayloadSpecificFeedback, 8);
        Assert.Equal("9FCE0001", Convert.ToHexString(buffer, 0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtcpPacket.WriteHeader(buffer, 32, RtcpPacketType.Goodbye, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtcpPacket.WriteHeader(buffer, 0, RtcpPacketType.Goodbye, 6));
        Assert.Throws<ArgumentException>(() => RtcpPacket.WriteHeader(new byte[3], 0, RtcpPacketType.Goodbye, 8));
    }
}
