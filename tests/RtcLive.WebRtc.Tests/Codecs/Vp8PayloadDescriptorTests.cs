using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Tests.Rtp;

namespace RtcLive.WebRtc.Tests.Codecs;

public class Vp8PayloadDescriptorTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private const string KeyFrameHeader = "100200 9D012A";   // P bit clear
    private const string InterFrameHeader = "310100";        // P bit set

    [Fact]
    public void Parses_the_descriptor_of_Chromes_keyframe_packet()
    {
        Assert.True(RtpHeader.TryParse(ChromeVp8Packet.Create(), out var header));
        Assert.True(Vp8PayloadDescriptor.TryParse(header.Payload, out var vp8));
        Assert.True(vp8.HasExtension);
        Assert.False(vp8.IsNonReferenceFrame);
        Assert.True(vp8.IsStartOfPartition);
        Assert.Equal(0, vp8.PartitionIndex);
        Assert.True(vp8.HasPictureId);
        Assert.Equal(2, vp8.PictureIdLength);
        Assert.Equal(0x1B3F, vp8.PictureId);
        Assert.True(vp8.HasTl0PicIdx);
        Assert.Equal(0x57, vp8.Tl0PicIdx);
        Assert.True(vp8.HasTemporalLayerIndex);
        Assert.Equal(0, vp8.TemporalLayerIndex);
        Assert.True(vp8.IsLayerSync);
        Assert.False(vp8.HasKeyIndex);
        Assert.Equal(0, vp8.KeyIndex);
        Assert.Equal(6, vp8.Length);
        Assert.True(vp8.IsKeyFrame);
    }

    [Fact]
    public void The_minimal_descriptor_is_one_byte()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex("10" + KeyFrameHeader), out var vp8));
        Assert.False(vp8.HasExtension);
        Assert.False(vp8.HasPictureId);
        Assert.Equal(0, vp8.PictureIdLength);
        Assert.Equal(1, vp8.Length);
        Assert.True(vp8.IsKeyFrame);
    }

    public static TheoryData<string, bool, int, int, int, int, bool, int, int> Combinations()
    {
        // hex, I, picture id bytes, picture id, TL0PICIDX (-1 absent), TID (-1 absent), Y, KEYIDX (-1 absent), length
        var data = new TheoryData<string, bool, int, int, int, int, bool, int, int>();
        foreach (int pictureIdBytes in new[] { 0, 1, 2 })
        foreach (bool l in new[] { false, true })
        foreach (bool t in new[] { false, true })
        foreach (bool k in new[] { false, true })
        {
            int extension = (pictureIdBytes > 0 ? 0x80 : 0) | (l ? 0x40 : 0) | (t ? 0x20 : 0) | (k ? 0x10 : 0);
            string hex = "90" + extension.ToString("X2");
            int pictureId = pictureIdBytes == 2 ? 0x7ABC : pictureIdBytes == 1 ? 0x5A : 0;
            if (pictureIdBytes == 2) hex += "FABC";
            if (pictureIdBytes == 1) hex += "5A";
            if (l) hex += "C3";
            if (t || k) hex += ((t ? 0xA0 : 0) | (k ? 0x0B : 0)).ToString("X2"); // TID 2 and Y | KEYIDX 11
            int length = 2 + pictureIdBytes + (l ? 1 : 0) + (t || k ? 1 : 0);
            data.Add(hex + KeyFrameHeader, pictureIdBytes > 0, pictureIdBytes, pictureId, l ? 0xC3 : -1,
                t ? 2 : -1, t, k ? 11 : -1, length);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Parses_every_combination_of_optional_fields(string hex, bool hasPictureId, int pictureIdBytes, int pictureId,
        int tl0PicIdx, int temporalLayer, bool layerSync, int keyIndex, int length)
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex(hex), out var vp8));
        Assert.True(vp8.HasExtension);
        Assert.Equal(hasPictureId, vp8.HasPictureId);
        Assert.Equal(pictureIdBytes, vp8.PictureIdLength);
        Assert.Equal(pictureId, vp8.PictureId);
        Assert.Equal(tl0PicIdx >= 0, vp8.HasTl0PicIdx);
        Assert.Equal(Math.Max(0, tl0PicIdx), vp8.Tl0PicIdx);
        Assert.Equal(temporalLayer >= 0, vp8.HasTemporalLayerIndex);
        Assert.Equal(Math.Max(0, temporalLayer), vp8.TemporalLayerIndex);
        Assert.Equal(layerSync, vp8.IsLayerSync);
        Assert.Equal(keyIndex >= 0, vp8.HasKeyIndex);
        Assert.Equal(Math.Max(0, keyIndex), vp8.KeyIndex);
        Assert.Equal(length, vp8.Length);
        Assert.True(vp8.IsKeyFrame);

        byte[] bytes = Hex(hex);
        for (int cut = 0; cut <= length; cut++)
            Assert.False(Vp8PayloadDescriptor.TryParse(bytes.AsSpan(0, cut), out _)); // no VP8 byte after it
    }

    [Theory]
    [InlineData("90 80 05" + InterFrameHeader, false)] // P bit set: inter frame
    [InlineData("80 80 05" + KeyFrameHeader, false)]   // S clear: continuation of a partition
    [InlineData("91 80 05" + KeyFrameHeader, false)]   // partition 1
    [InlineData("B0 80 05" + KeyFrameHeader, true)]    // N set does not matter
    [InlineData("10" + KeyFrameHeader, true)]
    public void Keyframe_needs_S_partition_0_and_P_clear(string hex, bool isKeyFrame)
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex(hex), out var vp8));
        Assert.Equal(isKeyFrame, vp8.IsKeyFrame);
    }

    [Fact]
    public void Reads_the_non_reference_bit_and_partition_index()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(Hex("27 AA"), out var vp8));
        Assert.True(vp8.IsNonReferenceFrame);
        Assert.False(vp8.IsStartOfPartition);
        Assert.Equal(7, vp8.PartitionIndex);
    }

    [Fact]
    public void Rewrites_a_15_bit_picture_id_and_TL0PICIDX_in_place()
    {
        byte[] packet = ChromeVp8Packet.Create();
        Span<byte> payload = packet.AsSpan(ChromeVp8Packet.HeaderLength);
        Assert.True(Vp8PayloadDescriptor.TrySetPictureId(payload, 0x8123)); // the 16th bit is dropped
        Assert.True(Vp8PayloadDescriptor.TrySetTl0PicIdx(payload, 0xFE));
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var vp8));
        Assert.Equal(0x0123, vp8.PictureId);
        Assert.Equal(2, vp8.PictureIdLength);
        Assert.Equal(0xFE, vp8.Tl0PicIdx);
        Assert.True(vp8.IsLayerSync);
        Assert.True(vp8.IsKeyFrame);
        Assert.Equal(ChromeVp8Packet.Create().AsSpan(ChromeVp8Packet.HeaderLength + 6).ToArray(), payload.Slice(6).ToArray());
    }

    [Fact]
    public void Rewrites_a_7_bit_picture_id_keeping_its_width()
    {
        byte[] payload = Hex("90 C0 05 11" + KeyFrameHeader);
        Assert.True(Vp8PayloadDescriptor.TrySetPictureId(payload, 0x1FF));
        Assert.True(Vp8PayloadDescriptor.TrySetTl0PicIdx(payload, 0x22));
        Assert.Equal("90C07F22", Convert.ToHexString(payload, 0, 4));
    }

    [Fact]
    public void Rewrite_refuses_fields_that_are_absent()
    {
        Assert.False(Vp8PayloadDescriptor.TrySetPictureId(Hex("10" + KeyFrameHeader), 1));
        Assert.False(Vp8PayloadDescriptor.TrySetTl0PicIdx(Hex("90 80 05" + KeyFrameHeader), 1));
        Assert.False(Vp8PayloadDescriptor.TrySetPictureId(Hex("90 80"), 1));
    }
}
