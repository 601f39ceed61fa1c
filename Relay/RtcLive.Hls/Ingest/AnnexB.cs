namespace RtcLive.Hls.Ingest;

/// <summary>
/// H.264 byte-stream format (ITU-T H.264 Annex B): NAL units each behind a start code (<c>00 00 01</c>, or
/// <c>00 00 00 01</c>). Emulation prevention keeps start codes out of NAL units, so a scan for them splits a frame.
/// </summary>
public static class AnnexB
{
    public static ReadOnlySpan<byte> StartCode => [0, 0, 0, 1];

    private static ReadOnlySpan<byte> ShortStartCode => [0, 0, 1];

    /// <summary>
    /// The next NAL unit at or after <paramref name="position"/> (moved past it): its offset and length in
    /// <paramref name="data"/>, trailing zero bytes (the next long start code's first byte) left out. False when none is left.
    /// </summary>
    public static bool TryReadNal(ReadOnlySpan<byte> data, ref int position, out int start, out int length)
    {
        start = length = 0;
        if (position >= data.Length) return false;
        int found = data[position..].IndexOf(ShortStartCode);
        if (found < 0)
        {
            position = data.Length;
            return false;
        }
        start = position + found + 3;
        int next = data[start..].IndexOf(ShortStartCode);
        int end = next < 0 ? data.Length : start + next;
        position = end;
        while (end > start && data[end - 1] == 0) end--;
        length = end - start;
        return true;
    }

    /// <summary>The type of a NAL unit (low five bits of its header byte).</summary>
    public static int TypeOf(ReadOnlySpan<byte> nal) => nal.IsEmpty ? 0 : nal[0] & 0x1F;
}
