using System.Diagnostics;

namespace RtcLive.LoadTest.Media;

/// <summary>
/// Microseconds on one monotonic clock shared by the senders and receivers of this process: the send time in each
/// packet and the receive time are read from it, so delay through the SFU needs no clock synchronisation.
/// </summary>
internal static class LoadClock
{
    private static readonly long Start = Stopwatch.GetTimestamp();

    public static long NowMicros => (long)((Stopwatch.GetTimestamp() - Start) * (1_000_000.0 / Stopwatch.Frequency));
}
