using System.Buffers.Binary;
using System.Text;

namespace RtcLive.Hls.Tests;

/// <summary>Minimal fMP4 boxes for packager tests: an init with one video track (timescale 90 kHz) and fragments of it.</summary>
internal static class Fmp4Builder
{
    public static byte[] Init() => [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0]), .. Box("moov", Box("trak", [
        .. Box("tkhd", [.. new byte[12], 0, 0, 0, 1, .. new byte[68]]),
        .. Box("mdia", [.. Box("mdhd", [.. new byte[12], 0, 1, 0x5F, 0x90, .. new byte[8]]), .. Box("hdlr", [.. new byte[8], .. "vide"u8, .. new byte[12]])]),
    ]))];

    /// <summary>A moof+mdat: <paramref name="frames"/> samples of 3000 ticks (1/30 s); the first a keyframe when <paramref name="key"/>.</summary>
    public static (byte[] Bytes, int MoofLength) Fragment(long start, int frames, bool key)
    {
        var trun = new List<byte>();
        trun.AddRange(U32(0x000104)); // first sample flags + durations
        trun.AddRange(U32((uint)frames));
        trun.AddRange(U32(key ? 0x02000000u : 0x00010000u));
        for (int i = 0; i < frames; i++) trun.AddRange(U32(3000));
        byte[] tfhd = [.. U32(0x020000), .. U32(1)];
        byte[] tfdt = [1, 0, 0, 0, .. U64((ulong)start)];
        byte[] moof = Box("moof", Box("traf", [.. Box("tfhd", tfhd), .. Box("tfdt", tfdt), .. Box("trun", [.. trun])]));
        return ([.. moof, .. Box("mdat", new byte[16])], moof.Length);
    }

    private static byte[] Box(string type, byte[] body) => [.. U32((uint)(body.Length + 8)), .. Encoding.ASCII.GetBytes(type), .. body];

    private static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }

    private static byte[] U64(ulong v)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }
}
