using RtcLive.WebRtc.Codecs;

namespace RtcLive.Fuzz.Targets;

/// <summary>An H264 RTP payload (RFC 6184) as the SFU reads it to find keyframes for layer switches and PLI answers.</summary>
public static class H264Target
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        bool key = H264Payload.IsKeyFrame(input);
        bool typed = H264Payload.TryGetPacketType(input, out var type);
        if (typed == input.IsEmpty) throw new PropertyViolationException("a packet type exists exactly when the payload is not empty");
        if (key && !typed) throw new PropertyViolationException("an empty payload cannot be a keyframe");
        if (key && type is not (H264NalUnitType.IdrSlice or H264NalUnitType.SequenceParameterSet or H264NalUnitType.StapA or H264NalUnitType.FuA))
            throw new PropertyViolationException($"a keyframe reported for NAL type {type}");
    }
}
