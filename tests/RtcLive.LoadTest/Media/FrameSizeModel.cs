namespace RtcLive.LoadTest.Media;

/// <summary>
/// Frame sizes with a real encoder's shape: a keyframe every <see cref="KeyframeInterval"/> frames about
/// <see cref="KeyframeRatio"/> times a delta frame, delta frames varying ±25 %, averaging the layer's bitrate.
/// Deterministic for a seed, so two runs (and the two SFUs) get the same bytes.
/// </summary>
internal sealed class FrameSizeModel
{
    public const int FramesPerSecond = 30;
    public const int KeyframeInterval = 2 * FramesPerSecond;
    public const double KeyframeRatio = 6.0;

    private readonly Random _random;
    private readonly double _deltaBytes;

    public FrameSizeModel(int bitsPerSecond, int seed)
    {
        _random = new Random(seed);
        double averageBytes = bitsPerSecond / 8.0 / FramesPerSecond;
        // One keyframe and (interval - 1) delta frames per interval carry interval × average bytes.
        _deltaBytes = averageBytes * KeyframeInterval / (KeyframeInterval - 1 + KeyframeRatio);
    }

    public static bool IsKeyframe(long frame) => frame % KeyframeInterval == 0;

    /// <summary>The encoded size of frame number <paramref name="frame"/> in bytes (at least 40).</summary>
    public int NextSize(long frame)
    {
        double size = IsKeyframe(frame) ? _deltaBytes * KeyframeRatio : _deltaBytes * (0.75 + 0.5 * _random.NextDouble());
        return Math.Max(40, (int)size);
    }
}
