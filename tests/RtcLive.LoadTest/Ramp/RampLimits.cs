namespace RtcLive.LoadTest.Ramp;

/// <summary>When a ramp step counts as good: loss after repair and delay p99 under these (issue 5: 0.5 %, 50 ms).</summary>
internal sealed record RampLimits(double MaxLossFraction = 0.005, double MaxP99Millis = 50);
