namespace RtcLive.Sfu.Control;

/// <summary>What a node reports about itself for the cluster view and placement: where it runs and its load.</summary>
/// <param name="Pid">The node's process id (the same as signaling's in embedded mode).</param>
/// <param name="Cpu">Share of the machine's cores the node's process used lately (0–1).</param>
/// <param name="ForwardedBitsPerSecond">Bits per second forwarded to subscribers lately.</param>
public sealed record SfuNodeStatus(string NodeId, string Region, int Pid, double Cpu, int Rooms, int Participants, int Tracks,
    long ForwardedBitsPerSecond);
