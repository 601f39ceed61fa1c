using System.Buffers.Binary;

namespace RtcLive.LoadTest.Media;

/// <summary>
/// Writes the VP8-specific part of a packet's payload (RFC 7741): the payload descriptor with a 15-bit picture id,
/// and in a frame's first packet the VP8 frame header — a real keyframe header (start code 9d 01 2a and the size)
/// so SFUs that check for it (Janus does) see a keyframe, or an interframe tag.
/// </summary>
internal static class Vp8PayloadWriter
{
    public const int DescriptorLength = 4;
    public const int KeyframeHeaderLength = 10;
    public const int InterframeHeaderLength = 3;

    /// <summary>Writes the descriptor and, for a first packet, the frame header; returns the bytes written.</summary>
    public static int Write(Span<byte> payload, ushort pictureId, bool firstPacket, bool keyframe, int width, int height, int frameBytes)
    {
        payload[0] = (byte)(0x80 | (firstPacket ? 0x10 : 0)); // X=1, S on a frame's first packet, partition 0
        payload[1] = 0x80;                                    // I: picture id present
        BinaryPrimitives.WriteUInt16BigEndian(payload[2..], (ushort)(0x8000 | (pictureId & 0x7FFF)));
        if (!firstPacket) return DescriptorLength;

        // Frame tag (RFC 6386 §9.1): bit 0 inverse key flag, version 0, show_frame, 19-bit first partition size.
        int partition = Math.Min(frameBytes / 4, 0x7FFFF);
        int tag = (partition << 5) | (1 << 4) | (keyframe ? 0 : 1);
        var header = payload[DescriptorLength..];
        header[0] = (byte)tag;
        header[1] = (byte)(tag >> 8);
        header[2] = (byte)(tag >> 16);
        if (!keyframe) return DescriptorLength + InterframeHeaderLength;
        header[3] = 0x9d;
        header[4] = 0x01;
        header[5] = 0x2a;
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)(width & 0x3FFF));
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], (ushort)(height & 0x3FFF));
        return DescriptorLength + KeyframeHeaderLength;
    }
}
