using RtcLive.LoadTest.Stats;

namespace RtcLive.LoadTest.Report;

/// <summary>Delay percentiles in milliseconds.</summary>
internal sealed record DelayFigures(long Samples, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static DelayFigures Of(LatencyHistogram h) =>
        new(h.Count, h.Percentile(0.50) / 1000.0, h.Percentile(0.95) / 1000.0, h.Percentile(0.99) / 1000.0, h.Max / 1000.0);
}
