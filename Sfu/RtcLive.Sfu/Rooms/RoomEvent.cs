using RtcLive.Sfu.Media;

namespace RtcLive.Sfu.Rooms;

/// <summary>What happened in a room that signaling must tell clients about.</summary>
public abstract record RoomEvent(Room Room)
{
    public sealed record ParticipantJoined(Room Room, Participant Participant) : RoomEvent(Room);

    public sealed record ParticipantLeft(Room Room, Participant Participant, string Reason) : RoomEvent(Room);

    public sealed record TrackPublished(Room Room, Producer Producer) : RoomEvent(Room);

    public sealed record TrackUnpublished(Room Room, Producer Producer) : RoomEvent(Room);

    /// <summary>The node has a new offer for <see cref="Participant"/>'s receive transport: deliver it, return the answer.</summary>
    public sealed record SubscriberOffer(Room Room, Participant Participant, string Sdp, IReadOnlyList<Consumer> Consumers) : RoomEvent(Room);

    /// <summary>A track stopped or resumed being forwarded to everyone (its publisher or a moderator muted it).</summary>
    public sealed record TrackMuted(Room Room, Producer Producer, bool Muted) : RoomEvent(Room);

    /// <summary>The participant's role changed (a moderator promoted or demoted it).</summary>
    public sealed record RoleChanged(Room Room, Participant Participant) : RoomEvent(Room);

    public sealed record ActiveSpeakerChanged(Room Room, string? ParticipantId) : RoomEvent(Room);
}
