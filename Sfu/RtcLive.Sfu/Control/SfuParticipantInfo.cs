namespace RtcLive.Sfu.Control;

/// <summary>Someone in a room: identity (unique in the room), display name, role (<c>presenter</c>, <c>viewer</c>, …).</summary>
public sealed record SfuParticipantInfo(string ParticipantId, string Name, string Role);
