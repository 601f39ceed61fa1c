using System.Diagnostics;

namespace RtcLive.Sfu.Node;

/// <summary>The process's CPU use between two calls, as a share of all cores; calls closer than 200 ms share a sample.</summary>
public sealed class ProcessCpuSampler
{
    private readonly object _gate = new();
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    private long _lastMs = Environment.TickCount64;
    private double _last;

    public double Sample()
    {
        lock (_gate)
        {
            long now = Environment.TickCount64;
            if (now - _lastMs < 200) return _last;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            _last = Math.Round((cpu - _lastCpu).TotalMilliseconds / (now - _lastMs) / Environment.ProcessorCount, 3);
            (_lastCpu, _lastMs) = (cpu, now);
            return _last;
        }
    }
}
