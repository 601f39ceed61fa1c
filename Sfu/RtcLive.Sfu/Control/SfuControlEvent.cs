using System.Text.Json.Serialization;

namespace RtcLive.Sfu.Control;

/// <summary>
/// What happened on the node that signaling must tell clients; plain data, no node objects. Over HTTP each event
/// is one JSON object whose <c>type</c> names the case.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SubscriberOffer), "subscriberOffer")]
[JsonDerivedType(typeof(ParticipantJoined), "participantJoined")]
[JsonDerivedType(typeof(ParticipantLeft), "participantLeft")]
[JsonDerivedType(typeof(TrackPublished), "trackPublished")]
[JsonDerivedType(typeof(TrackUnpublished), "trackUnpublished")]
[JsonDerivedType(typeof(TrackMuted), "trackMuted")]
[JsonDerivedType(typeof(ActiveSpeaker), "activeSpeaker")]
[JsonDerivedType(typeof(SessionReplaced), "sessionReplaced")]
[JsonDerivedType(typeof(RoleChanged), "roleChanged")]
public abstract record SfuControlEvent(string Room)
{
    /// <summary>A new offer for the participant's receive transport: deliver it, return the answer.</summary>
    public sealed record SubscriberOffer(string Room, string ParticipantId, string Sdp, IReadOnlyList<SfuSubscribedTrack> Tracks)
        : SfuControlEvent(Room);

    /// <summary>Someone joined; also raised when a participant rejoins and its new session replaces the old.</summary>
    public sealed record ParticipantJoined(string Room, SfuParticipantInfo Participant) : SfuControlEvent(Room);

    public sealed record ParticipantLeft(string Room, SfuParticipantInfo Participant, string Reason) : SfuControlEvent(Room);

    public sealed record TrackPublished(string Room, SfuTrackInfo Track) : SfuControlEvent(Room);

    public sealed record TrackUnpublished(string Room, SfuTrackInfo Track) : SfuControlEvent(Room);

    /// <summary>A track is no longer forwarded to anyone (muted), or is again.</summary>
    public sealed record TrackMuted(string Room, SfuTrackInfo Track, bool Muted) : SfuControlEvent(Room);

    /// <summary>The participant has a new role (promoted or demoted); a demoted one's tracks end with it.</summary>
    public sealed record RoleChanged(string Room, SfuParticipantInfo Participant) : SfuControlEvent(Room);

    /// <summary>The loudest participant now; null in silence.</summary>
    public sealed record ActiveSpeaker(string Room, string? ParticipantId) : SfuControlEvent(Room);

    /// <summary>
    /// A new session of the same identity took the participant's place; the old session's media is gone. Raised
    /// instead of <see cref="ParticipantLeft"/>: the participant is still in the room.
    /// </summary>
    public sealed record SessionReplaced(string Room, string ParticipantId) : SfuControlEvent(Room);
}
