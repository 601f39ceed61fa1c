using RtcLive.WebRtc.Rtp;

namespace RtcLive.WebRtc.Tests.Rtp;

public class RtpHeaderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void Parses_the_fixed_header_of_RFC_3550()
    {
        // V=2, no P/X/CC, M=1, PT=0 (PCMU), seq 0xBEEF, ts 0xDEADBEEF, SSRC 0x12345678, 4 payload bytes
        byte[] packet = Hex("8080 BEEF DEADBEEF 12345678 01020304");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(2, header.Version);
        Assert.False(header.HasPadding);
        Assert.False(header.HasExtension);
        Assert.Equal(0, header.CsrcCount);
        Assert.True(header.Marker);
        Assert.Equal(0, header.PayloadType);
        Assert.Equal(0xBEEF, header.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, header.Timestamp);
        Assert.Equal(0x12345678u, header.Ssrc);
        Assert.Equal(12, header.HeaderLength);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, header.Payload.ToArray());
        Assert.Equal(0, header.ExtensionProfile);
        Assert.True(header.ExtensionData.IsEmpty);
        Assert.False(header.Extensions.MoveNext());
    }

    [Fact]
    public void Parses_a_Chrome_VP8_packet_with_one_byte_extensions()
    {
        byte[] packet = ChromeVp8Packet.Create();
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.HasExtension);
        Assert.False(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(4660, header.SequenceNumber);
        Assert.Equal(0x2B5A1C40u, header.Timestamp);
        Assert.Equal(0x6E2D9F01u, header.Ssrc);
        Assert.Equal(ChromeVp8Packet.HeaderLength, header.HeaderLength);
        Assert.Equal(RtpExtensionProfiles.OneByte, header.ExtensionProfile);
        Assert.Equal(12, header.ExtensionData.Length);
        Assert.Equal(16, header.ExtensionDataOffset);
        Assert.Equal(0x90, header.Payload[0]);

        var ids = new List<byte>();
        var values = new List<string>();
        foreach (var element in header.Extensions)
        {
            ids.Add(element.Id);
            values.Add(Convert.ToHexString(element.Value));
        }
        Assert.Equal(new byte[] { 4, 10, 2, 3 }, ids);
        Assert.Equal(new[] { "30", "68", "1A2B3C", "002A" }, values);

        var map = new RtpExtensionMap();
        Assert.True(map.TrySet(RtpExtensionUris.Mid, ChromeVp8Packet.MidId));
        Assert.True(map.TrySet(RtpExtensionUris.RtpStreamId, ChromeVp8Packet.RidId));
        Assert.True(map.TrySet(RtpExtensionUris.AbsSendTime, ChromeVp8Packet.AbsSendTimeId));
        Assert.True(map.TrySet(RtpExtensionUris.TransportWideCc, ChromeVp8Packet.TransportCcId));
        Assert.False(map.TrySet("urn:ietf:params:rtp-hdrext:toffset", 14));

        Assert.True(map.TryGetMid(header, out var mid));
        Assert.True(System.Text.Ascii.Equals(mid, "0"));
        Assert.True(map.TryGetRtpStreamId(header, out var rid));
        Assert.True(System.Text.Ascii.Equals(rid, "h"));
        Assert.True(map.TryGetAbsSendTime(header, out uint absSendTime));
        Assert.Equal(0x1A2B3Cu, absSendTime);
        Assert.True(map.TryGetTransportSequenceNumber(header, out ushort twcc));
        Assert.Equal(42, twcc);
        Assert.False(map.TryGetRepairedRtpStreamId(header, out _)); // not negotiated
        Assert.False(map.TryGetAudioLevel(header, out _, out _));
    }

    [Fact]
    public void Reads_the_CSRC_list()
    {
        byte[] packet = Hex("82 6F 0001 00000064 AABBCCDD 11111111 22222222 FF");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(0x11111111u, header.GetCsrc(0));
        Assert.Equal(0x22222222u, header.GetCsrc(1));
        Assert.Equal(8, header.CsrcBytes.Length);
        Assert.Equal(20, header.HeaderLength);
        Assert.Equal(new byte[] { 0xFF }, header.Payload.ToArray());
        try
        {
            header.GetCsrc(2);
            Assert.Fail("expected ArgumentOutOfRangeException");
        }
        catch (ArgumentOutOfRangeException)
        {
        }
    }

    [Fact]
    public void Removes_padding_from_the_payload()
    {
        // P=1, payload AA BB, then 3 bytes of padding whose last byte counts them
        byte[] packet = Hex("A0 60 0001 00000001 00000002 AABB 0000 03");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.HasPadding);
        Assert.Equal(3, header.PaddingLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, header.Payload.ToArray());
    }

    [Fact]
    public void A_padding_only_packet_has_an_empty_payload()
    {
        byte[] packet = Hex("A0 60 0001 00000001 00000002 00000004");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.Payload.IsEmpty);
    }

    [Theory]
    [InlineData("A0 60 0001 00000001 00000002 AABB 00")]        // padding count 0
    [InlineData("A0 60 0001 00000001 00000002 AABB 04")]        // more padding than payload
    [InlineData("A0 60 0001 00000001 00000002")]                // P set, no byte to hold the count
    [InlineData("40 60 0001 00000001 00000002 AABB")]           // version 1
    [InlineData("C0 60 0001 00000001 00000002 AABB")]           // version 3
    [InlineData("80 60 0001 00000001 000000")]                  // 11 bytes
    [InlineData("81 60 0001 00000001 00000002 000000")]         // CSRC cut short
    [InlineData("90 60 0001 00000001 00000002 BEDE")]           // extension header cut short
    [InlineData("90 60 0001 00000001 00000002 BEDE 0002 10AA 0000")] // extension data shorter than its length
    public void Rejects_malformed_headers(string hex) => Assert.False(RtpHeader.TryParse(Hex(hex), out _));

    [Fact]
    public void Rejects_every_truncation_that_cuts_into_the_header()
    {
        byte[] packet = ChromeVp8Packet.Create();
        for (int length = 0; length < ChromeVp8Packet.HeaderLength; length++)
            Assert.False(RtpHeader.TryParse(packet.AsSpan(0, length), out _));
        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, ChromeVp8Packet.HeaderLength), out var header));
        Assert.True(header.Payload.IsEmpty);
    }

    [Fact]
    public void An_extension_block_of_another_profile_is_kept_but_yields_no_elements()
    {
        byte[] packet = Hex("90 60 0001 00000001 00000002 ABAC 0001 11223344 CC");
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.Equal(0xABAC, header.ExtensionProfile);
        Assert.Equal(4, header.ExtensionData.Length);
        Assert.Equal(RtpExtensionForm.Unknown, header.Extensions.Form);
        Assert.False(header.Extensions.MoveNext());
        Assert.False(header.TryGetExtension(1, out _));
    }
}
