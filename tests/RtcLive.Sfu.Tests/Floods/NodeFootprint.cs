using System.Diagnostics;
using System.Globalization;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>
/// What a flood costs the node, sampled before and after: CPU of the node's receive thread (the <c>udp-mux</c> thread
/// that demultiplexes and drops), CPU and RSS of the whole test process, and managed memory after a full collection.
/// </summary>
internal readonly record struct NodeFootprint(double ReceiveThreadCpuSeconds, double ProcessCpuSeconds, long RssBytes, long ManagedBytes)
{
    public static NodeFootprint Take()
    {
        long managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new NodeFootprint(ReceiveThreadCpu(), process.TotalProcessorTime.TotalSeconds, process.WorkingSet64, managed);
    }

    /// <summary>utime + stime of the threads named <c>udp-mux …</c> (Linux names a thread after its first 15 characters).</summary>
    private static double ReceiveThreadCpu()
    {
        double seconds = 0;
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith("udp-mux", StringComparison.Ordinal)) continue;
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                seconds += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return seconds;
    }
}
