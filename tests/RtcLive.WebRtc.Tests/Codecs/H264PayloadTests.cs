using RtcLive.WebRtc.Codecs;

namespace RtcLive.WebRtc.Tests.Codecs;

public class H264PayloadTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    // NAL headers with nal_ref_idc 3: 0x65 IDR, 0x67 SPS, 0x68 PPS, 0x41 non-IDR slice (ref_idc 2), 0x06 SEI
    [Theory]
    [InlineData("65 888010", true)]
    [InlineData("67 42C01F", true)]
    [InlineData("68 CE3C80", false)]
    [InlineData("41 9A0203", false)]
    [InlineData("06 0504", false)]
    public void Single_NAL_unit_is_a_keyframe_when_IDR_or_SPS(string hex, bool expected) =>
        Assert.Equal(expected, H264Payload.IsKeyFrame(Hex(hex)));

    [Fact]
    public void STAP_A_is_a_keyframe_when_any_aggregated_unit_is()
    {
        // Chrome's first packet of a keyframe: STAP-A with SPS and PPS
        Assert.True(H264Payload.IsKeyFrame(Hex("78 0004 6742C01F 0003 68CE3C")));
        // PPS then IDR
        Assert.True(H264Payload.IsKeyFrame(Hex("78 0003 68CE3C 0002 6588")));
        // SEI and PPS only
        Assert.False(H264Payload.IsKeyFrame(Hex("78 0002 0605 0003 68CE3C")));
    }

    [Fact]
    public void Malformed_STAP_A_counts_only_units_before_the_damage()
    {
        Assert.False(H264Payload.IsKeyFrame(Hex("78 0009 6742")));         // size past the end
        Assert.False(H264Payload.IsKeyFrame(Hex("78 0000 0002 6588")));    // zero size
        Assert.True(H264Payload.IsKeyFrame(Hex("78 0002 6588 00FF 01")));  // IDR before a bad size
        Assert.False(H264Payload.IsKeyFrame(Hex("78")));
        Assert.False(H264Payload.IsKeyFrame(Hex("78 00")));
    }

    [Theory]
    [InlineData("7C 85 B8", true)]    // FU-A, S bit, IDR
    [InlineData("7C 87 42", true)]    // FU-A, S bit, SPS
    [InlineData("7C 05 B8", false)]   // middle fragment of an IDR
    [InlineData("7C 45 B8", false)]   // last fragment (E bit)
    [InlineData("5C 81 9A", false)]   // first fragment of a non-IDR slice
    [InlineData("7C", false)]         // no FU header
    public void FU_A_is_a_keyframe_only_at_the_start_of_an_IDR_or_SPS(string hex, bool expected) =>
        Assert.Equal(expected, H264Payload.IsKeyFrame(Hex(hex)));

    [Fact]
    public void Reports_the_packet_type()
    {
        Assert.True(H264Payload.TryGetPacketType(Hex("7C85"), out var type));
        Assert.Equal(H264NalUnitType.FuA, type);
        Assert.True(H264Payload.TryGetPacketType(Hex("78"), out type));
        Assert.Equal(H264NalUnitType.StapA, type);
        Assert.False(H264Payload.TryGetPacketType(ReadOnlySpan<byte>.Empty, out _));
        Assert.False(H264Payload.IsKeyFrame(ReadOnlySpan<byte>.Empty));
        Assert.False(H264Payload.IsKeyFrame(Hex("79 0004 6742C01F"))); // STAP-B is not used by WebRTC
    }
}
