using System.Globalization;

namespace RtcLive.LoadTest.Soak;

/// <summary>The SFU process at one moment of a soak: resident memory, open file descriptors (sockets included), threads.</summary>
internal readonly record struct SoakSample(double Minutes, long RssBytes, int Handles, int Threads)
{
    /// <summary>Reads /proc for <paramref name="pid"/>; null when the process is gone.</summary>
    public static SoakSample? Take(int pid, double minutes)
    {
        try
        {
            string status = File.ReadAllText($"/proc/{pid}/status");
            int handles = Directory.GetFiles($"/proc/{pid}/fd").Length;
            return new SoakSample(minutes, Field(status, "VmRSS:") * 1024, handles, (int)Field(status, "Threads:"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Field(string status, string name)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal)) continue;
            var parts = line[name.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
