namespace RtcLive.LoadTest.Stats;

/// <summary>
/// What a receiver counted on its streams, as plain numbers that add up across subscribers and subtract between
/// two moments (a ramp step's window).
/// </summary>
internal readonly record struct StreamCounters(
    long Expected,
    long Received,
    long Duplicates,
    long Retransmissions,
    long GapEvents,
    long Nacked,
    long NackAnswered,
    long FramesCompleted,
    long FramesStarted,
    long Bytes)
{
    /// <summary>Packets never received, repairs included: expected minus received, never negative.</summary>
    public long Lost => Math.Max(0, Expected - Received);

    /// <summary>Lost packets as a fraction of expected ones; 0 when nothing was expected.</summary>
    public double LossFraction => Expected > 0 ? (double)Lost / Expected : 0;

    /// <summary>Every packet that arrived, retransmissions and duplicates included: what the SFU forwarded to us.</summary>
    public long PacketsArrived => Received + Duplicates;

    public static StreamCounters operator +(StreamCounters a, StreamCounters b) => new(
        a.Expected + b.Expected, a.Received + b.Received, a.Duplicates + b.Duplicates, a.Retransmissions + b.Retransmissions,
        a.GapEvents + b.GapEvents, a.Nacked + b.Nacked, a.NackAnswered + b.NackAnswered,
        a.FramesCompleted + b.FramesCompleted, a.FramesStarted + b.FramesStarted, a.Bytes + b.Bytes);

    public static StreamCounters operator -(StreamCounters a, StreamCounters b) => new(
        a.Expected - b.Expected, a.Received - b.Received, a.Duplicates - b.Duplicates, a.Retransmissions - b.Retransmissions,
        a.GapEvents - b.GapEvents, a.Nacked - b.Nacked, a.NackAnswered - b.NackAnswered,
        a.FramesCompleted - b.FramesCompleted, a.FramesStarted - b.FramesStarted, a.Bytes - b.Bytes);
}
