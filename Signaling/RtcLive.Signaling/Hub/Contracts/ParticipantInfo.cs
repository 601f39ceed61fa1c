using RtcLive.Sfu.Control;
using RtcLive.Signaling.Audience;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>Someone in the room: identity (unique in the room), display name, role (<c>presenter</c>, <c>viewer</c>, …).</summary>
/// <param name="Media">How it takes part: <c>webrtc</c> (on an SFU node) or <c>hls</c> (watches over HLS, chat and hands only).</param>
public sealed record ParticipantInfo(string Id, string Name, string Role, string Media = ParticipantMedia.WebRtc)
{
    public static ParticipantInfo From(SfuParticipantInfo participant) => new(participant.ParticipantId, participant.Name, participant.Role);

    public static ParticipantInfo From(AudienceMember member) => new(member.ParticipantId, member.Name, member.Role, ParticipantMedia.Hls);
}
