namespace RtcLive.Sfu.Control;

/// <summary>Someone in a room: identity (unique in the room), display name, role (<c>presenter</c>, <c>viewer</c>, …).</summary>
/// <param name="Relayed">A participant of another node, republished here by a relay link: signaling hears of it from its own node.</param>
public sealed record SfuParticipantInfo(string ParticipantId, string Name, string Role, bool Relayed = false);
