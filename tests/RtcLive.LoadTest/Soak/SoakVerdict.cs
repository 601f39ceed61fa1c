namespace RtcLive.LoadTest.Soak;

/// <summary>What makes a soak fail: leaks that cannot be noise (a leaked socket per join grows handles by the churn rate). Memory is reported, not judged (the GC moves RSS in steps).</summary>
internal static class SoakVerdict
{
    public const double MaxHandlesPerMinute = 1.0;

    /// <summary>Growth below this many handles is noise (a timer, a pooled socket), whatever its slope over a short run.</summary>
    public const int HandleNoise = 10;
    public const double MaxJoinFailureFraction = 0.01;

    public static IReadOnlyList<string> Problems(SoakReport r)
    {
        var problems = new List<string>();
        if (r.ParticipantsLeftAfterClose is > 0) problems.Add($"{r.ParticipantsLeftAfterClose} participant(s) still listed in /api/cluster after everyone left");
        if (r.HandlesSlopePerMinute > MaxHandlesPerMinute && r.HandlesEnd - r.HandlesStart > HandleNoise)
            problems.Add($"the SFU's open handles grow {r.HandlesSlopePerMinute:F2} a minute ({r.HandlesStart} → {r.HandlesEnd})");
        int attempts = r.Joins + r.ConnectFailures;
        if (attempts > 0 && (double)r.ConnectFailures / attempts > MaxJoinFailureFraction)
            problems.Add($"{r.ConnectFailures} of {attempts} joins failed (first: {r.FirstError})");
        if (r.FramesCompleted == 0) problems.Add("no frame was received");
        return problems;
    }
}
