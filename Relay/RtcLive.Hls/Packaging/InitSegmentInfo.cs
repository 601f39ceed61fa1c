using System.Buffers.Binary;

namespace RtcLive.Hls.Packaging;

/// <summary>What an fMP4 init segment (ftyp + moov) says about its video track: id, timescale, fragment defaults.</summary>
internal sealed record InitSegmentInfo(uint VideoTrackId, uint VideoTimescale, uint DefaultSampleDuration, uint DefaultSampleFlags)
{
    public static InitSegmentInfo? Parse(ReadOnlyMemory<byte> init)
    {
        if (Mp4Boxes.Find(init, "moov") is not { } moov) return null;
        foreach (var (type, trak) in Mp4Boxes.Children(moov))
        {
            if (type != "trak") continue;
            if (Mp4Boxes.Path(trak, "mdia", "hdlr") is not { } hdlr || hdlr.Length < 12) continue;
            if (System.Text.Encoding.ASCII.GetString(hdlr.Span.Slice(8, 4)) != "vide") continue;
            if (Mp4Boxes.Find(trak, "tkhd") is not { } tkhd || Mp4Boxes.Path(trak, "mdia", "mdhd") is not { } mdhd) continue;
            var t = tkhd.Span;
            uint trackId = BinaryPrimitives.ReadUInt32BigEndian(t[(t[0] == 1 ? 20 : 12)..]);
            var m = mdhd.Span;
            uint timescale = BinaryPrimitives.ReadUInt32BigEndian(m[(m[0] == 1 ? 20 : 12)..]);
            uint duration = 0, flags = 0;
            if (Mp4Boxes.Path(moov, "mvex") is { } mvex)
                foreach (var (tt, trex) in Mp4Boxes.Children(mvex))
                {
                    var x = trex.Span;
                    if (tt != "trex" || x.Length < 24 || BinaryPrimitives.ReadUInt32BigEndian(x[4..]) != trackId) continue;
                    duration = BinaryPrimitives.ReadUInt32BigEndian(x[12..]);
                    flags = BinaryPrimitives.ReadUInt32BigEndian(x[20..]);
                }
            return new InitSegmentInfo(trackId, timescale, duration, flags);
        }
        return null;
    }
}
