namespace RtcLive.Sfu.Control;

/// <summary>The room as the newcomer finds it: who is there (the newcomer included) and what they publish.</summary>
public sealed record SfuJoinSnapshot(string NodeId, string Room, string ParticipantId, IReadOnlyList<SfuParticipantInfo> Participants,
    IReadOnlyList<SfuTrackInfo> Tracks);
