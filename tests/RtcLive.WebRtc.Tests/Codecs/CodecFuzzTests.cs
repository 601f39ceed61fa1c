using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Codecs;

public class CodecFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void VP8_descriptor_parser_and_rewriter_survive_mutated_input()
    {
        byte[][] seeds =
        [
            Convert.FromHexString("90E09B3F5720100200"),
            Convert.FromHexString("90F0FABCC3AB310100"),
            Convert.FromHexString("90805A10"),
            Convert.FromHexString("1010"),
        ];
        FuzzRunner.Run(output, "VP8 payload descriptor", new Mutator(7741, seeds), bytes =>
        {
            if (Vp8PayloadDescriptor.TryParse(bytes, out var vp8))
                _ = vp8.IsKeyFrame ^ vp8.IsLayerSync ^ (vp8.PictureId + vp8.Tl0PicIdx + vp8.KeyIndex + vp8.TemporalLayerIndex > 0);
            Vp8PayloadDescriptor.TrySetPictureId(bytes, 0x7FFF);
            Vp8PayloadDescriptor.TrySetTl0PicIdx(bytes, 0xFF);
        });
    }

    [Fact]
    public void H264_keyframe_detector_survives_mutated_input()
    {
        byte[][] seeds =
        [
            Convert.FromHexString("7800046742C01F000368CE3C00026588"),
            Convert.FromHexString("7C85B8AABB"),
            Convert.FromHexString("65888010"),
        ];
        FuzzRunner.Run(output, "H264 keyframe detection", new Mutator(6184, seeds), bytes =>
        {
            H264Payload.IsKeyFrame(bytes);
            H264Payload.TryGetPacketType(bytes, out _);
        });
    }
}
