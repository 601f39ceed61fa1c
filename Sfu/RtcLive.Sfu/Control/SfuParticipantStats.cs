namespace RtcLive.Sfu.Control;

/// <summary>What the node says about one participant: where it is connected and what it receives.</summary>
public sealed record SfuParticipantStats(string NodeId, IReadOnlyList<SfuReceivedTrackStats> Tracks);

/// <summary>One track the participant receives.</summary>
/// <param name="Rid">The simulcast layer forwarded now (<c>q</c>, <c>h</c>, <c>f</c>); null without simulcast or before the first keyframe.</param>
public sealed record SfuReceivedTrackStats(string TrackId, string ParticipantId, string Source, string Kind, string? Rid,
    long PacketsSent, long BytesSent);
