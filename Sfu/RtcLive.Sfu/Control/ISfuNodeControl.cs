namespace RtcLive.Sfu.Control;

/// <summary>
/// What signaling may ask of an SFU node, and the only way it talks to one (DESIGN.md): in-process in embedded
/// mode (<see cref="LocalSfuNodeControl"/>), over HTTP in cluster mode. Everything crossing it is a plain record
/// of strings, so both carry the same contract. Failures are <see cref="SfuControlException"/>s.
/// </summary>
public interface ISfuNodeControl
{
    /// <summary>The node's id in the cluster and in the clients' stats (embedded mode: <c>local</c>).</summary>
    string NodeId { get; }

    /// <summary>
    /// Events of every room on the node, for signaling to pass on to clients. Raised in order per room, on the
    /// thread that caused them: handlers must be quick (queue the work) and must not throw.
    /// </summary>
    event Action<SfuControlEvent>? Events;

    /// <summary>The node's load now: rooms, participants, tracks, forwarded bitrate.</summary>
    Task<SfuNodeStatus> GetStatusAsync(CancellationToken ct = default);

    /// <summary>
    /// Puts <paramref name="participantId"/> in <paramref name="room"/> (made on first join) with a role
    /// (<c>presenter</c>, <c>speaker</c>, <c>viewer</c>, <c>moderator</c>). A session with the same identity is
    /// replaced at once (<see cref="SfuControlEvent.SessionReplaced"/>). When tracks are already published, a
    /// <see cref="SfuControlEvent.SubscriberOffer"/> for the newcomer follows.
    /// </summary>
    Task<SfuJoinSnapshot> JoinAsync(string room, string participantId, string name, string role, CancellationToken ct = default);

    /// <summary>A participant that only publishes (a WHIP encoder): it receives nothing and is never offered anything.</summary>
    Task JoinPublishOnlyAsync(string room, string participantId, string name, string role, CancellationToken ct = default);

    /// <summary>
    /// A playback-only viewer (WHEP) that brings its own receive-only offer: joins as a viewer and returns the answer.
    /// It receives the presenter's camera and microphone whenever they publish; the node never re-offers to it.
    /// </summary>
    Task<string> JoinForPlaybackAsync(string room, string participantId, string name, string offerSdp, CancellationToken ct = default);

    /// <summary>Answers a publisher's offer; <paramref name="tracks"/> says what each sending m-line carries.</summary>
    Task<string> PublishAsync(string room, string participantId, string offerSdp, IReadOnlyList<SfuPublishedTrack> tracks, CancellationToken ct = default);

    /// <summary>Applies the participant's answer to the node's latest subscriber offer.</summary>
    Task AnswerSubscriptionAsync(string room, string participantId, string answerSdp, CancellationToken ct = default);

    /// <summary>The simulcast layer the participant wants of every video it receives: <c>q</c>, <c>h</c>, <c>f</c> or <c>auto</c>.</summary>
    Task SetLayerAsync(string room, string participantId, string layer, CancellationToken ct = default);

    /// <summary>
    /// For a relay link (the participant pulls the room for another node): from now on the participant receives
    /// exactly the simulcast layers named in <paramref name="rids"/> of track <paramref name="trackId"/>, each
    /// unchanged on its own SSRC, instead of one layer chosen for it. A layer added is asked of the publisher as a
    /// keyframe at once. Returns every layer of the track with its SSRC (empty, and nothing changes, for a track
    /// without simulcast).
    /// </summary>
    Task<SfuRelayLayers> SetRelayLayersAsync(string room, string participantId, string trackId, IReadOnlyList<string> rids,
        CancellationToken ct = default);

    /// <summary>Stops (or resumes) forwarding one received track to this participant.</summary>
    Task SetPausedAsync(string room, string participantId, string trackId, bool paused, CancellationToken ct = default);

    /// <summary>Mutes (or unmutes) the participant's own tracks of <paramref name="source"/> for everyone.</summary>
    Task SetTrackMutedAsync(string room, string participantId, string source, bool muted, CancellationToken ct = default);

    /// <summary>
    /// Gives the participant another role at once; a role that may not publish stops the forwarding of its tracks
    /// (they are unpublished), whatever its client keeps sending.
    /// </summary>
    Task SetRoleAsync(string room, string participantId, string role, CancellationToken ct = default);

    /// <summary>The room's participants on this node and their tracks (relayed copies marked), without joining.</summary>
    Task<SfuRoomSnapshot> GetRoomAsync(string room, CancellationToken ct = default);

    /// <summary>The node's id and what the participant receives now.</summary>
    Task<SfuParticipantStats> GetStatsAsync(string room, string participantId, CancellationToken ct = default);

    /// <summary>
    /// Drains the node: it takes no new participants from now on (placement skips it, <c>/readyz</c> fails), and
    /// when <paramref name="deadline"/> has passed, whoever is still on it is sent away (signaling tells them to
    /// rejoin elsewhere). The node stays up, empty and draining, until its operator stops it.
    /// </summary>
    Task DrainAsync(TimeSpan deadline, CancellationToken ct = default);

    /// <summary>
    /// Pulls <paramref name="room"/>'s tracks from another node over a relay link (kept while this node has
    /// participants in the room; idempotent), so participants here receive what is published there.
    /// </summary>
    Task PullRoomAsync(string room, string fromNodeId, string fromControlUrl, CancellationToken ct = default);

    /// <summary>Takes the participant out of the room; nothing happens when it is not there (any more).</summary>
    Task LeaveAsync(string room, string participantId, string reason, CancellationToken ct = default);
}
