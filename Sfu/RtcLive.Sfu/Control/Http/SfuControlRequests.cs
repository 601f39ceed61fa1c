namespace RtcLive.Sfu.Control.Http;

// The bodies of the control calls: the arguments of ISfuNodeControl's methods, named as there.

public sealed record JoinRequest(string Room, string ParticipantId, string Name, string Role);

public sealed record JoinForPlaybackRequest(string Room, string ParticipantId, string Name, string OfferSdp);

public sealed record PublishRequest(string Room, string ParticipantId, string OfferSdp, IReadOnlyList<SfuPublishedTrack> Tracks);

public sealed record AnswerSubscriptionRequest(string Room, string ParticipantId, string AnswerSdp);

public sealed record SetLayerRequest(string Room, string ParticipantId, string Layer);

public sealed record SetRelayLayersRequest(string Room, string ParticipantId, string TrackId, IReadOnlyList<string> Rids);

public sealed record SetPausedRequest(string Room, string ParticipantId, string TrackId, bool Paused);

public sealed record SetTrackMutedRequest(string Room, string ParticipantId, string Source, bool Muted);

public sealed record SetRoleRequest(string Room, string ParticipantId, string Role);

public sealed record ParticipantRequest(string Room, string ParticipantId);

public sealed record RoomRequest(string Room);

/// <param name="DeadlineSeconds">When whoever is still on the node is sent away.</param>
public sealed record DrainRequest(double DeadlineSeconds);

public sealed record PullRoomRequest(string Room, string FromNodeId, string FromControlUrl);

public sealed record LeaveRequest(string Room, string ParticipantId, string Reason);

/// <summary>An SDP answer, the result of the calls that produce one.</summary>
public sealed record SdpResponse(string Sdp);
