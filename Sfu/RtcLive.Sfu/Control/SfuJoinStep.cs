namespace RtcLive.Sfu.Control;

/// <summary>One step of a subscriber's join on the node and when it happened (Unix milliseconds, the node's wall clock).</summary>
public sealed record SfuJoinStep(string Step, long UnixMs);
