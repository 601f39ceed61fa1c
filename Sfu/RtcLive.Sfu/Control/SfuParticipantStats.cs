namespace RtcLive.Sfu.Control;

/// <summary>What the node says about one participant: where it is connected and what it receives.</summary>
/// <param name="Join">When each step of the participant's join as a subscriber happened on the node (see
/// <see cref="Sessions.SubscriberJoinTimeline"/>), in order; null from a node that does not report it.</param>
public sealed record SfuParticipantStats(string NodeId, IReadOnlyList<SfuReceivedTrackStats> Tracks, IReadOnlyList<SfuJoinStep>? Join = null);

/// <summary>One track the participant receives.</summary>
/// <param name="Rid">The simulcast layer forwarded now (<c>q</c>, <c>h</c>, <c>f</c>); null without simulcast or before the first keyframe.</param>
public sealed record SfuReceivedTrackStats(string TrackId, string ParticipantId, string Source, string Kind, string? Rid,
    long PacketsSent, long BytesSent);
