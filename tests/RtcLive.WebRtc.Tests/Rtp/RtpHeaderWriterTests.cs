using RtcLive.WebRtc.Rtp;

namespace RtcLive.WebRtc.Tests.Rtp;

public class RtpHeaderWriterTests
{
    [Fact]
    public void Setters_rewrite_only_their_field()
    {
        byte[] packet = ChromeVp8Packet.Create();
        RtpHeaderWriter.SetSequenceNumber(packet, 0xFFFF);
        RtpHeaderWriter.SetTimestamp(packet, 0x01020304);
        RtpHeaderWriter.SetSsrc(packet, 0xCAFEBABE);
        RtpHeaderWriter.SetMarker(packet, true);
        RtpHeaderWriter.SetPayloadType(packet, 100);

        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(0xFFFF, header.SequenceNumber);
        Assert.Equal(0x01020304u, header.Timestamp);
        Assert.Equal(0xCAFEBABEu, header.Ssrc);
        Assert.True(header.Marker);
        Assert.Equal(100, header.PayloadType);
        Assert.True(header.HasExtension);
        Assert.Equal(ChromeVp8Packet.Create().AsSpan(12).ToArray(), packet.AsSpan(12).ToArray());

        RtpHeaderWriter.SetMarker(packet, false);
        Assert.Equal(100, packet[1]);
        RtpHeaderWriter.SetPayloadType(packet, 0);
        Assert.Equal(0, packet[1]);
    }

    [Fact]
    public void Setters_reject_bad_arguments_with_documented_exceptions()
    {
        Assert.Throws<ArgumentException>(() => RtpHeaderWriter.SetSequenceNumber(new byte[11], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpHeaderWriter.SetPayloadType(new byte[12], 128));
    }

    [Fact]
    public void Writes_a_full_header_with_CSRCs_and_extensions_that_parses_back()
    {
        byte[] block = new byte[32];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        Assert.True(extensions.TryAddTransportSequenceNumber(3, 7));
        int blockLength = extensions.Finish();

        byte[] packet = new byte[100];
        uint[] csrcs = [0x11111111, 0x22222222];
        int length = RtpHeaderWriter.Write(packet, new RtpHeaderFields(96, 65535, 0xFFFFFFFF, 0x01020304, Marker: true),
            csrcs, block.AsSpan(0, blockLength));
        Assert.Equal(12 + 8 + 8, length);
        Assert.Equal(length, RtpHeaderWriter.GetLength(2, blockLength));
        "VP8"u8.CopyTo(packet.AsSpan(length));

        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length + 3), out var header));
        Assert.Equal(2, header.Version);
        Assert.True(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(65535, header.SequenceNumber);
        Assert.Equal(0xFFFFFFFFu, header.Timestamp);
        Assert.Equal(0x01020304u, header.Ssrc);
        Assert.Equal(0x22222222u, header.GetCsrc(1));
        Assert.True(header.TryGetExtension(3, out var twcc));
        Assert.True(TransportSequenceNumberExtension.TryRead(twcc, out ushort sequence));
        Assert.Equal(7, sequence);
        Assert.Equal("VP8"u8.ToArray(), header.Payload.ToArray());
    }

    [Fact]
    public void Write_reports_argument_errors()
    {
        var fields = new RtpHeaderFields(96, 1, 2, 3);
        Assert.Throws<ArgumentException>(() => RtpHeaderWriter.Write(new byte[11], fields));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpHeaderWriter.Write(new byte[12], fields with { PayloadType = 200 }));
        Assert.Throws<ArgumentException>(() => RtpHeaderWriter.Write(new byte[100], fields, new uint[16]));
        Assert.Throws<ArgumentException>(() => RtpHeaderWriter.Write(new byte[100], fields, default, new byte[] { 0xBE, 0xDE, 0, 2, 0x10, 0, 0, 0 }));
        Assert.Equal(12, RtpHeaderWriter.Write(new byte[12], fields));
    }

    [Fact]
    public void Appended_padding_is_removed_again_by_the_parser()
    {
        byte[] packet = new byte[64];
        int length = RtpHeaderWriter.Write(packet, new RtpHeaderFields(97, 10, 20, 30));
        packet[length++] = 0xAB;
        length = RtpHeaderWriter.AppendPadding(packet, length, 7);
        Assert.Equal(20, length);
        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length), out var header));
        Assert.True(header.HasPadding);
        Assert.Equal(7, header.PaddingLength);
        Assert.Equal(new byte[] { 0xAB }, header.Payload.ToArray());

        Assert.Throws<ArgumentOutOfRangeException>(() => RtpHeaderWriter.AppendPadding(packet, 12, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpHeaderWriter.AppendPadding(packet, 8, 4));
        Assert.Throws<ArgumentException>(() => RtpHeaderWriter.AppendPadding(packet, 60, 5));
    }
}
