using System.Buffers.Binary;

namespace RtcLive.WebRtc.Codecs;

/// <summary>
/// Reads just enough of an H.264 RTP payload (RFC 6184, packetization mode 0 or 1) to tell whether it starts
/// a keyframe: an IDR slice, or an SPS (browsers send SPS/PPS right before each IDR).
/// </summary>
public static class H264Payload
{
    /// <summary>The packet's NAL or packetization type (low 5 bits of the first byte). False when empty.</summary>
    public static bool TryGetPacketType(ReadOnlySpan<byte> payload, out H264NalUnitType type)
    {
        type = payload.IsEmpty ? 0 : (H264NalUnitType)(payload[0] & 0x1F);
        return !payload.IsEmpty;
    }

    /// <summary>
    /// True for a single NAL unit of type 5 or 7, a STAP-A aggregating one, or the first fragment (S bit)
    /// of an FU-A whose original type is 5 or 7. Malformed input is simply not a keyframe; a STAP-A cut
    /// short still counts a keyframe unit found before the damage.
    /// </summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> payload)
    {
        if (!TryGetPacketType(payload, out var type))
            return false;
        switch (type)
        {
            case H264NalUnitType.StapA:
                for (int offset = 1; offset + 2 < payload.Length;)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset));
                    if (size == 0 || offset + 2 + size > payload.Length)
                        return false;
                    if (IsKeyFrameNalType(payload[offset + 2] & 0x1F))
                        return true;
                    offset += 2 + size;
                }
                return false;
            case H264NalUnitType.FuA:
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && IsKeyFrameNalType(payload[1] & 0x1F);
            default:
                return IsKeyFrameNalType((int)type);
        }
    }

    private static bool IsKeyFrameNalType(int type) =>
        type is (int)H264NalUnitType.IdrSlice or (int)H264NalUnitType.SequenceParameterSet;
}
