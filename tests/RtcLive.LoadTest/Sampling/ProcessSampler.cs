using System.Globalization;
using RtcLive.LoadTest.Media;

namespace RtcLive.LoadTest.Sampling;

/// <summary>
/// Reads a process's CPU time and RSS from /proc (fields 14 and 15 of <c>stat</c>, in clock ticks, and
/// <c>VmRSS</c> of <c>status</c>): the same numbers for any SFU, whatever it is written in.
/// </summary>
internal sealed class ProcessSampler(int pid)
{
    // USER_HZ: 100 on every Linux architecture .NET runs on; /proc reports in these ticks whatever the kernel's HZ.
    private const double TicksPerSecond = 100;

    public int Pid { get; } = pid;

    public static ProcessSampler Self() => new(Environment.ProcessId);

    /// <summary>The sample now; null when the process is gone.</summary>
    public ProcessSample? Sample()
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{Pid}/stat");
            string status = File.ReadAllText($"/proc/{Pid}/status");
            return new ProcessSample(ParseCpuSeconds(stat), ParseRssBytes(status), LoadClock.NowMicros);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>utime + stime in seconds; the command name (field 2) may hold spaces and parentheses, so fields count from the last ')'.</summary>
    internal static double ParseCpuSeconds(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    internal static long ParseRssBytes(string status)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var parts = line[6..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }
}
