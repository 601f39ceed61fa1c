using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Tests.Srtp;

public class SrtpPacketIndexTests
{
    [Theory]
    [InlineData(0x0_0010UL, 0x0011, 0x0_0011UL)]   // next packet
    [InlineData(0x0_0010UL, 0x0005, 0x0_0005UL)]   // a little late
    [InlineData(0x0_FFF0UL, 0x0003, 0x1_0003UL)]   // forward over the wrap: ROC + 1
    [InlineData(0x1_0003UL, 0xFFF0, 0x0_FFF0UL)]   // late packet from before the wrap: ROC - 1
    [InlineData(0x1_8000UL, 0x0000, 0x1_0000UL)]   // exactly half a cycle behind stays in this ROC
    [InlineData(0x1_7FFFUL, 0xFFFF, 0x1_FFFFUL)]
    [InlineData(0x5_9000UL, 0x0FFF, 0x6_0FFFUL)]   // s_l - 32768 > seq
    public void Estimates_per_rfc3711_appendix_a(ulong highest, ushort seq, ulong expected)
    {
        Assert.True(SrtpPacketIndex.TryEstimate(highest, seq, out ulong index));
        Assert.Equal(expected, index);
    }

    [Fact]
    public void An_index_before_zero_or_past_a_32_bit_roc_is_refused()
    {
        Assert.False(SrtpPacketIndex.TryEstimate(0x0_0005UL, 0xFFF0, out _));
        Assert.False(SrtpPacketIndex.TryEstimate(((ulong)uint.MaxValue << 16) | 0xFFF0, 0x0001, out _));
    }
}
