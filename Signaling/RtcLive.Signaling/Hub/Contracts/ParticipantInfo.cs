using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>Someone in the room: identity (unique in the room), display name, role (<c>presenter</c>, <c>viewer</c>, …).</summary>
public sealed record ParticipantInfo(string Id, string Name, string Role)
{
    public static ParticipantInfo From(SfuParticipantInfo participant) => new(participant.ParticipantId, participant.Name, participant.Role);
}
