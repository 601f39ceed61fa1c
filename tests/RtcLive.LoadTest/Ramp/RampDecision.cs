namespace RtcLive.LoadTest.Ramp;

/// <summary>
/// The ramp's rule: a step is good when its loss and delay p99 stay within the limits and every subscriber of
/// the step connected and received media; the ramp stops at the first bad step and reports the last good one.
/// </summary>
internal static class RampDecision
{
    public static bool IsGood(RampLimits limits, double lossFraction, double p99Millis, long packetsArrived, int connectFailures) =>
        packetsArrived > 0 && connectFailures == 0 && lossFraction <= limits.MaxLossFraction && p99Millis <= limits.MaxP99Millis;

    /// <summary>True when the ramp should add another step: the last step was good and the cap is not reached.</summary>
    public static bool ShouldContinue(RampStep last, int maxSubscribers) => last.Good && last.Subscribers < maxSubscribers;

    /// <summary>Subscribers of the last good step before the first bad one; 0 when even the first step failed.</summary>
    public static int LastGood(IReadOnlyList<RampStep> steps)
    {
        int best = 0;
        foreach (var step in steps)
        {
            if (!step.Good) break;
            best = step.Subscribers;
        }
        return best;
    }
}
