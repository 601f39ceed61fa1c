using System.Diagnostics;

namespace RtcLive.Sfu.Node;

/// <summary>The monotonic microsecond clock arrival and send times are taken from (feedback and statistics need µs).</summary>
public static class MediaClock
{
    private static readonly double TicksToMicroseconds = 1_000_000.0 / Stopwatch.Frequency;

    public static long NowMicroseconds => (long)(Stopwatch.GetTimestamp() * TicksToMicroseconds);
}
