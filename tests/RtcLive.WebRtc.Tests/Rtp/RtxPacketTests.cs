using RtcLive.WebRtc.Rtp;

namespace RtcLive.WebRtc.Tests.Rtp;

public class RtxPacketTests
{
    private const byte RtxPayloadType = 97;
    private const uint RtxSsrc = 0x0BADF00D;

    [Fact]
    public void Wrap_puts_the_original_sequence_number_in_front_of_the_payload()
    {
        byte[] original = ChromeVp8Packet.Create();
        byte[] rtx = new byte[original.Length + 2];
        Assert.True(RtxPacket.TryWrap(original, RtxPayloadType, RtxSsrc, 300, rtx, out int written));
        Assert.Equal(original.Length + 2, written);

        Assert.True(RtpHeader.TryParse(rtx, out var header));
        Assert.Equal(RtxPayloadType, header.PayloadType);
        Assert.Equal(RtxSsrc, header.Ssrc);
        Assert.Equal(300, header.SequenceNumber);
        Assert.Equal(0x2B5A1C40u, header.Timestamp);
        Assert.Equal(new byte[] { 0x12, 0x34 }, header.Payload.Slice(0, 2).ToArray());
        Assert.Equal(original.AsSpan(ChromeVp8Packet.HeaderLength).ToArray(), header.Payload.Slice(2).ToArray());
        Assert.True(header.TryGetExtension(ChromeVp8Packet.RidId, out _)); // extensions travel along
        Assert.True(RtxPacket.TryGetOriginalSequenceNumber(rtx, out ushort osn));
        Assert.Equal(0x1234, osn);
    }

    [Fact]
    public void Unwrap_restores_the_original_packet_exactly()
    {
        byte[] original = ChromeVp8Packet.Create();
        byte[] rtx = new byte[1500];
        Assert.True(RtxPacket.TryWrap(original, RtxPayloadType, RtxSsrc, 300, rtx, out int rtxLength));
        byte[] restored = new byte[1500];
        Assert.True(RtxPacket.TryUnwrap(rtx.AsSpan(0, rtxLength), 96, 0x6E2D9F01, restored, out int length));
        Assert.Equal(original, restored.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void Wrap_and_unwrap_work_in_place()
    {
        byte[] original = ChromeVp8Packet.Create();
        byte[] buffer = new byte[original.Length + 2];
        original.CopyTo(buffer, 0);
        Assert.True(RtxPacket.TryWrap(buffer.AsSpan(0, original.Length), RtxPayloadType, RtxSsrc, 9, buffer, out int rtxLength));
        Assert.True(RtxPacket.TryUnwrap(buffer.AsSpan(0, rtxLength), 96, 0x6E2D9F01, buffer, out int length));
        Assert.Equal(original, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void Padding_is_dropped_and_the_P_bit_cleared()
    {
        // RTX packet with payload OSN 0x0005 + "AB", 2 bytes of padding
        byte[] rtx = Convert.FromHexString("A061000A0000000100000002" + "0005AB" + "0002");
        byte[] restored = new byte[64];
        Assert.True(RtxPacket.TryUnwrap(rtx, 96, 77, restored, out int length));
        Assert.Equal(13, length);
        Assert.True(RtpHeader.TryParse(restored.AsSpan(0, length), out var header));
        Assert.False(header.HasPadding);
        Assert.Equal(5, header.SequenceNumber);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(77u, header.Ssrc);
        Assert.Equal(new byte[] { 0xAB }, header.Payload.ToArray());
    }

    [Fact]
    public void Padding_only_probes_and_bad_input_do_not_unwrap()
    {
        byte[] probe = Convert.FromHexString("A061000A0000000100000002" + "00000000000000" + "08");
        byte[] destination = new byte[64];
        Assert.False(RtxPacket.TryUnwrap(probe, 96, 1, destination, out _));
        Assert.False(RtxPacket.TryGetOriginalSequenceNumber(probe, out _));
        Assert.False(RtxPacket.TryUnwrap(new byte[5], 96, 1, destination, out _));
        Assert.False(RtxPacket.TryUnwrap(ChromeVp8Packet.Create(), 128, 1, destination, out _));
        Assert.False(RtxPacket.TryWrap(ChromeVp8Packet.Create(), 128, 1, 1, destination, out _));
    }

    [Fact]
    public void A_destination_too_small_is_refused()
    {
        byte[] original = ChromeVp8Packet.Create();
        Assert.False(RtxPacket.TryWrap(original, RtxPayloadType, RtxSsrc, 1, new byte[original.Length + 1], out int written));
        Assert.Equal(0, written);
        byte[] rtx = new byte[original.Length + 2];
        Assert.True(RtxPacket.TryWrap(original, RtxPayloadType, RtxSsrc, 1, rtx, out _));
        Assert.False(RtxPacket.TryUnwrap(rtx, 96, 1, new byte[original.Length - 1], out _));
    }
}
