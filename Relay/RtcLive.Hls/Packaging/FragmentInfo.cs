using System.Buffers.Binary;

namespace RtcLive.Hls.Packaging;

/// <summary>
/// One moof+mdat pair from ffmpeg, an LL-HLS part: its video start and duration in seconds, and whether it starts
/// with a keyframe (INDEPENDENT=YES, and where a segment may begin).
/// </summary>
internal sealed record FragmentInfo(double StartSeconds, double DurationSeconds, bool Independent)
{
    private const uint NonSyncSample = 0x0001_0000;

    /// <returns>Null when the moof has no video track fragment or is cut short.</returns>
    public static FragmentInfo? Parse(ReadOnlyMemory<byte> moof, InitSegmentInfo init)
    {
        try
        {
            return ParseVideo(moof, init);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static FragmentInfo? ParseVideo(ReadOnlyMemory<byte> moof, InitSegmentInfo init)
    {
        foreach (var (type, traf) in Mp4Boxes.Children(moof))
        {
            if (type != "traf" || Mp4Boxes.Find(traf, "tfhd") is not { } tfhd) continue;
            var h = tfhd.Span;
            uint tfFlags = BinaryPrimitives.ReadUInt32BigEndian(h) & 0xFFFFFF;
            if (BinaryPrimitives.ReadUInt32BigEndian(h[4..]) != init.VideoTrackId) continue;
            int at = 8;
            if ((tfFlags & 0x01) != 0) at += 8; // base data offset
            if ((tfFlags & 0x02) != 0) at += 4; // sample description index
            uint defaultDuration = init.DefaultSampleDuration, defaultFlags = init.DefaultSampleFlags;
            if ((tfFlags & 0x08) != 0) { defaultDuration = BinaryPrimitives.ReadUInt32BigEndian(h[at..]); at += 4; }
            if ((tfFlags & 0x10) != 0) at += 4; // default size
            if ((tfFlags & 0x20) != 0) defaultFlags = BinaryPrimitives.ReadUInt32BigEndian(h[at..]);

            ulong start = 0;
            if (Mp4Boxes.Find(traf, "tfdt") is { } tfdt)
                start = tfdt.Span[0] == 1 ? BinaryPrimitives.ReadUInt64BigEndian(tfdt.Span[4..]) : BinaryPrimitives.ReadUInt32BigEndian(tfdt.Span[4..]);

            ulong duration = 0;
            bool? firstSync = null;
            foreach (var (t, trun) in Mp4Boxes.Children(traf))
            {
                if (t != "trun") continue;
                var r = trun.Span;
                uint flags = BinaryPrimitives.ReadUInt32BigEndian(r) & 0xFFFFFF;
                uint count = BinaryPrimitives.ReadUInt32BigEndian(r[4..]);
                int p = 8;
                if ((flags & 0x001) != 0) p += 4; // data offset
                uint? firstFlags = null;
                if ((flags & 0x004) != 0) { firstFlags = BinaryPrimitives.ReadUInt32BigEndian(r[p..]); p += 4; }
                for (uint i = 0; i < count; i++)
                {
                    uint sampleDuration = defaultDuration, sampleFlags = i == 0 && firstFlags is { } ff ? ff : defaultFlags;
                    if ((flags & 0x100) != 0) { sampleDuration = BinaryPrimitives.ReadUInt32BigEndian(r[p..]); p += 4; }
                    if ((flags & 0x200) != 0) p += 4;
                    if ((flags & 0x400) != 0) { uint f = BinaryPrimitives.ReadUInt32BigEndian(r[p..]); p += 4; if (!(i == 0 && firstFlags is not null)) sampleFlags = f; }
                    if ((flags & 0x800) != 0) p += 4;
                    duration += sampleDuration;
                    firstSync ??= (sampleFlags & NonSyncSample) == 0;
                }
            }
            double scale = init.VideoTimescale == 0 ? 90000 : init.VideoTimescale;
            return new FragmentInfo(start / scale, duration / scale, firstSync ?? false);
        }
        return null;
    }
}
