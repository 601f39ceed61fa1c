namespace RtcLive.Sfu.Control;

/// <summary>What a node reports about itself for the cluster view and placement: its load.</summary>
public sealed record SfuNodeStatus(string NodeId, int Rooms, int Participants, int Tracks, long ForwardedBitsPerSecond);
