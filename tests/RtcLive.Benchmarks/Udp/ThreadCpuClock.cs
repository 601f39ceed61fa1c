using System.Runtime.InteropServices;

namespace RtcLive.Benchmarks.Udp;

/// <summary>CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): unlike wall time, it does not count
/// the time other engineers' processes take the core from us on a shared machine.</summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long NowNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
            throw new InvalidOperationException($"clock_gettime failed (errno {Marshal.GetLastPInvokeError()})");
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
