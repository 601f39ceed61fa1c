namespace RtcLive.LoadTest.Flood;

/// <summary>What one flood sent: datagrams, send failures, and for how long.</summary>
public readonly record struct FloodResult(string Kind, long Sent, long Failed, TimeSpan Elapsed)
{
    public double SentPerSecond => Elapsed.TotalSeconds > 0 ? Sent / Elapsed.TotalSeconds : 0;
}
