using RtcLive.WebRtc.Rtp;

namespace RtcLive.WebRtc.Tests.Rtp;

public class RtpPacketTests
{
    [Theory]
    [InlineData(new byte[] { 0x00, 0x01 }, false)]        // STUN binding request
    [InlineData(new byte[] { 0x16, 0xFE }, false)]        // DTLS handshake
    [InlineData(new byte[] { 127, 0x60 }, false)]
    [InlineData(new byte[] { 128, 0x60 }, true)]
    [InlineData(new byte[] { 191, 0x60 }, true)]
    [InlineData(new byte[] { 192, 0x60 }, false)]
    [InlineData(new byte[0], false)]
    public void First_byte_range_of_RFC_7983_selects_RTP_and_RTCP(byte[] datagram, bool expected) =>
        Assert.Equal(expected, RtpPacket.IsRtpOrRtcp(datagram));

    [Theory]
    [InlineData(191, false)] // RTP: marker set, PT 63
    [InlineData(192, true)]  // FIR (RFC 2032 range starts here)
    [InlineData(200, true)]  // SR
    [InlineData(201, true)]  // RR
    [InlineData(206, true)]  // PSFB
    [InlineData(223, true)]
    [InlineData(224, false)] // RTP: marker set, PT 96
    [InlineData(0x60, false)] // RTP PT 96
    public void Second_byte_separates_RTCP_from_RTP_per_RFC_5761(byte second, bool isRtcp)
    {
        byte[] datagram = new byte[12];
        datagram[0] = 0x80;
        datagram[1] = second;
        Assert.Equal(isRtcp, RtpPacket.IsRtcp(datagram));
        Assert.Equal(!isRtcp, RtpPacket.IsRtp(datagram));
    }

    [Fact]
    public void A_single_byte_is_never_RTCP_and_a_short_packet_is_never_RTP()
    {
        Assert.False(RtpPacket.IsRtcp([0x80]));
        Assert.False(RtpPacket.IsRtp([0x80, 0x60, 0, 0]));
    }
}
