namespace RtcLive.Hls.Transcode;

/// <summary>
/// The ABR ladder for a source: the source's own size (at most <see cref="HlsOptions.MaxHeight"/>), then 720p when
/// the source is larger, then 360p when it is larger than that. Sizes keep the source's aspect, even numbers.
/// </summary>
public static class Ladder
{
    public static IReadOnlyList<LadderRung> For(int sourceWidth, int sourceHeight, HlsOptions options)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0) (sourceWidth, sourceHeight) = (1280, 720);
        int top = Even(Math.Min(sourceHeight, options.MaxHeight));
        var heights = new List<int> { top };
        foreach (int h in (int[])[720, 360])
            if (top > h) heights.Add(h);
        var rungs = new List<LadderRung>();
        foreach (int h in heights)
        {
            int w = Even((int)Math.Round((double)sourceWidth * h / sourceHeight));
            int kbps = Math.Max(200, (int)((long)options.Kbps720 * w * h / (1280 * 720)));
            rungs.Add(new LadderRung($"{h}p", w, h, kbps));
        }
        return rungs;
    }

    private static int Even(int value) => Math.Max(2, value & ~1);
}
