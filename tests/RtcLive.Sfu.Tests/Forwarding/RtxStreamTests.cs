using System.Buffers.Binary;
using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Forwarding;

public class RtxStreamTests
{
    private const uint MediaSsrc = 0x12345678;
    private const uint RtxSsrc = 0x0BADF00D;

    [Fact]
    public void It_is_off_until_an_answer_accepts_it()
    {
        var rtx = new RtxStream(RtxSsrc, 97, 100);
        Assert.False(rtx.IsNegotiated);
        rtx.IsNegotiated = true;
        Assert.True(rtx.IsNegotiated);
    }

    [Fact]
    public void Wrapping_in_place_gives_its_own_ssrc_payload_type_and_consecutive_numbers_with_the_original_number_first()
    {
        var rtx = new RtxStream(RtxSsrc, 97, 65535);
        byte[] buffer = new byte[1500];
        var wrapped = new List<(ushort Sequence, ushort Osn)>();
        foreach (ushort original in new ushort[] { 40, 7, 41 })
        {
            byte[] packet = TestPackets.Vp8(MediaSsrc, original, 9000, 5, 1, keyframe: false, marker: true);
            packet.CopyTo(buffer, 0);
            Assert.True(rtx.TryWrapInPlace(buffer, packet.Length, out int length));
            Assert.Equal(packet.Length + RtxPacket.OriginalSequenceNumberLength, length);
            Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, length), out var header));
            Assert.Equal((RtxSsrc, (byte)97, 9000u, true), (header.Ssrc, header.PayloadType, header.Timestamp, header.Marker));
            wrapped.Add((header.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(header.Payload)));

            byte[] unwrapped = new byte[1500];
            Assert.True(RtxPacket.TryUnwrap(buffer.AsSpan(0, length), TestPackets.Vp8PayloadType, MediaSsrc, unwrapped, out int unwrappedLength));
            Assert.Equal(packet, unwrapped[..unwrappedLength]);
        }
        Assert.Equal([(65535, 40), (0, 7), (1, 41)], wrapped);
    }

    [Fact]
    public void A_packet_that_cannot_be_wrapped_leaves_the_buffer_and_the_numbering_alone()
    {
        var rtx = new RtxStream(RtxSsrc, 97, 10);
        byte[] packet = TestPackets.Vp8(MediaSsrc, 40, 9000, 5, 1, keyframe: false);
        byte[] tooSmall = packet.ToArray(); // no room for the 2 OSN bytes
        Assert.False(rtx.TryWrapInPlace(tooSmall, packet.Length, out _));
        Assert.Equal(packet, tooSmall);

        byte[] buffer = new byte[1500];
        packet.CopyTo(buffer, 0);
        Assert.True(rtx.TryWrapInPlace(buffer, packet.Length, out int length));
        Assert.True(RtpHeader.TryParse(buffer.AsSpan(0, length), out var header));
        Assert.Equal(10, header.SequenceNumber);
    }

    [Fact]
    public void An_rtx_payload_type_must_be_a_valid_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtxStream(RtxSsrc, 128, 0));
}
