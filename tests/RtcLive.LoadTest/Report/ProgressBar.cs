using System.Globalization;
using RtcLive.LoadTest.Stats;

namespace RtcLive.LoadTest.Report;

/// <summary>
/// One status line on stderr while a run goes: elapsed of the planned time, subscribers, rates and the last
/// second's loss and p99. On a terminal it redraws in place; redirected, it writes a line every 5 s instead.
/// </summary>
internal sealed class ProgressBar(bool enabled)
{
    private readonly bool _inPlace = !Console.IsErrorRedirected;
    private long _lastLineAt = long.MinValue;

    public void Update(double elapsed, double planned, string phase, int subscribers, int wanted, WindowStats? last)
    {
        if (!enabled) return;
        if (!_inPlace && elapsed * 1000 - _lastLineAt < 5000) return;
        _lastLineAt = (long)(elapsed * 1000);
        double fraction = planned > 0 ? Math.Clamp(elapsed / planned, 0, 1) : 0;
        int filled = (int)(fraction * 20);
        string bar = new string('#', filled) + new string('.', 20 - filled);
        string cpu = last?.SfuCpuPercent is { } c ? string.Create(CultureInfo.InvariantCulture, $"  sfu {c:F0} %") : "";
        string rates = last is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"  rx {last.PacketsPerSecond / 1000:F1}k pkt/s  loss {last.All.LossFraction * 100:F2} %  p99 {last.AllDelay.Percentile(0.99) / 1000.0:F1} ms{cpu}");
        string line = string.Create(CultureInfo.InvariantCulture, $"[{bar}] {elapsed,5:F0}/{planned:F0} s  {phase}  subs {subscribers}/{wanted}{rates}");
        if (_inPlace) Console.Error.Write("\r" + line.PadRight(150));
        else Console.Error.WriteLine(line);
    }

    public void Done()
    {
        if (enabled && _inPlace) Console.Error.WriteLine();
    }
}
