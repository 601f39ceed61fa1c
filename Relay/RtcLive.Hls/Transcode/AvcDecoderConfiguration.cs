using System.Buffers.Binary;
using RtcLive.Hls.Ingest;

namespace RtcLive.Hls.Transcode;

/// <summary>
/// The AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1, "avcC") that Matroska and MP4 carry as an H.264
/// track's codec private data: profile and level from the SPS, four-byte NAL lengths, one SPS and one PPS.
/// </summary>
public static class AvcDecoderConfiguration
{
    /// <summary>The record for the first SPS and PPS of an Annex B access unit; null when it has no SPS.</summary>
    public static byte[]? FromAccessUnit(ReadOnlySpan<byte> annexB)
    {
        ReadOnlySpan<byte> sps = default, pps = default;
        int position = 0;
        while (AnnexB.TryReadNal(annexB, ref position, out int start, out int length))
        {
            var nal = annexB.Slice(start, length);
            if (AnnexB.TypeOf(nal) == 7 && sps.IsEmpty && nal.Length >= 4) sps = nal;
            else if (AnnexB.TypeOf(nal) == 8 && pps.IsEmpty) pps = nal;
        }
        if (sps.IsEmpty || sps.Length > ushort.MaxValue || pps.Length > ushort.MaxValue) return null;
        var record = new byte[6 + 2 + sps.Length + 1 + (pps.IsEmpty ? 0 : 2 + pps.Length)];
        record[0] = 1; // configurationVersion
        record[1] = sps[1]; // AVCProfileIndication
        record[2] = sps[2]; // profile_compatibility
        record[3] = sps[3]; // AVCLevelIndication
        record[4] = 0xFF; // reserved bits, lengthSizeMinusOne = 3
        record[5] = 0xE1; // reserved bits, one SPS
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(6), (ushort)sps.Length);
        sps.CopyTo(record.AsSpan(8));
        int at = 8 + sps.Length;
        record[at++] = (byte)(pps.IsEmpty ? 0 : 1);
        if (!pps.IsEmpty)
        {
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(at), (ushort)pps.Length);
            pps.CopyTo(record.AsSpan(at + 2));
        }
        return record;
    }
}
