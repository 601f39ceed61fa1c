using Microsoft.Extensions.Logging;
using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Sessions;
using RtcLive.Sfu.Taps;

namespace RtcLive.Sfu.Rooms;

/// <summary>
/// A class in progress on this node (mediasoup's Router): who is in it, what they publish, and who receives
/// what. Everyone receives every track but their own. Control operations are serialized by one lock per room;
/// events are raised after it is released, in order, so handlers may call back into the room.
/// </summary>
public sealed class Room
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private readonly MediaPort _port;
    private readonly ILogger _logger;

    private readonly ActiveSpeakerDetector _speakers = new();
    private long _speakerCheckedMs;

    private readonly MediaTapRegistry? _taps;
    private readonly NodeUsage _usage;
    private int _tracks;
    private bool _retired;

    internal Room(string id, SfuNodeOptions options, SfuCounters counters, MediaPort port, ILogger logger, NodeUsage usage,
        MediaTapRegistry? taps = null)
    {
        _taps = taps;
        _usage = usage;
        Id = id;
        Options = options;
        Counters = counters;
        _port = port;
        _logger = logger;
    }

    public string Id { get; }

    internal SfuNodeOptions Options { get; }

    internal SfuCounters Counters { get; }

    /// <summary>The participant speaking loudest now, by the audio-level header extension; null in silence.</summary>
    public string? ActiveSpeaker
    {
        get { lock (_speakers) return _speakers.CurrentSpeakerId; }
    }

    /// <summary>Raised for everything clients must learn; handlers run on the thread that caused the event.</summary>
    public event Action<RoomEvent>? Events;

    public IReadOnlyList<Participant> Participants
    {
        get { lock (_gate) return _participants.Values.ToArray(); }
    }

    public bool IsEmpty
    {
        get { lock (_gate) return _participants.Count == 0; }
    }

    /// <summary>Tracks published in this room now.</summary>
    public int TrackCount
    {
        get { lock (_gate) return _tracks; }
    }

    /// <summary>
    /// Marks an empty room as gone from the node, so a join racing with its removal fails with
    /// <see cref="RoomRetiredException"/> (and is retried on a fresh room) instead of landing in a room nobody finds.
    /// </summary>
    internal bool TryRetire()
    {
        lock (_gate)
        {
            if (_participants.Count != 0) return false;
            _retired = true;
            return true;
        }
    }

    public bool TryGetParticipant(string id, out Participant participant)
    {
        lock (_gate) return _participants.TryGetValue(id, out participant!);
    }

    /// <summary>
    /// Adds a participant, subscribed to every track already published. A participant with the same identity is
    /// replaced at once: a reloaded page must not leave a ghost until its consent expires.
    /// </summary>
    public Participant Join(string id, string name, ParticipantRole role) => JoinCore(id, name, role, playbackOffer: null, receives: true, out _);

    /// <summary>
    /// Adds a participant that only publishes (a WHIP encoder): it is subscribed to nothing and never offered
    /// anything, so no consumers or offers are made for a client that could not take them.
    /// </summary>
    public Participant JoinPublishOnly(string id, string name, ParticipantRole role) =>
        JoinCore(id, name, role, playbackOffer: null, receives: false, out _);

    /// <summary>A publisher of another node, republished here by a relay link: publish-only, and marked relayed.</summary>
    public Participant JoinRelayed(string id, string name, ParticipantRole role) =>
        JoinCore(id, name, role, playbackOffer: null, receives: false, out _, relayed: true);

    /// <summary>
    /// Adds a playback-only viewer (WHEP) that brings its own offer: it receives the presenter's camera and
    /// microphone, now or whenever they publish, with no renegotiation. Returns the participant and the answer.
    /// </summary>
    /// <exception cref="RtcLive.WebRtc.Sdp.SdpParseException">Malformed SDP.</exception>
    /// <exception cref="RtcLive.WebRtc.Sdp.SdpNegotiationException">Nothing to send on, or no ICE/DTLS parameters.</exception>
    public Participant JoinForPlayback(string id, string name, string offerSdp, out string answerSdp) =>
        JoinCore(id, name, ParticipantRole.Viewer, offerSdp, receives: true, out answerSdp);

    private Participant JoinCore(string id, string name, ParticipantRole role, string? playbackOffer, bool receives, out string answerSdp,
        bool relayed = false)
    {
        answerSdp = "";
        var events = new List<RoomEvent>();
        Participant participant;
        lock (_gate)
        {
            if (_retired) throw new RoomRetiredException();
            if (_participants.TryGetValue(id, out var previous))
                RemoveLocked(previous, "replaced by a new session of the same identity", events);
            var limits = Options.Limits;
            if (_participants.Count >= limits.MaxParticipantsPerRoom)
                throw new RoomFullException($"room {Id} is full ({limits.MaxParticipantsPerRoom} participants)");
            if (!_usage.TryAddParticipant())
                throw new RoomFullException($"this node is full ({limits.MaxParticipantsPerNode} participants)");
            participant = new Participant(this, id, name, role, _port, _logger) { Receives = receives, IsRelayed = relayed };
            if (playbackOffer is not null)
            {
                try
                {
                    answerSdp = participant.Subscriber.AcceptPlaybackOffer(playbackOffer);
                }
                catch
                {
                    participant.Dispose();
                    _usage.RemoveParticipant();
                    throw;
                }
            }
            _participants[id] = participant;
            events.Add(new RoomEvent.ParticipantJoined(this, participant));
            foreach (var other in _participants.Values)
            {
                if (other == participant) continue;
                foreach (var producer in other.Producers) Subscribe(participant, producer);
            }
            OfferIfNeeded(participant, events);
        }
        Raise(events);
        return participant;
    }

    public void Leave(Participant participant, string reason)
    {
        var events = new List<RoomEvent>();
        lock (_gate)
        {
            if (!_participants.TryGetValue(participant.Id, out var current) || current != participant) return;
            RemoveLocked(participant, reason, events);
        }
        Raise(events);
    }

    private void RemoveLocked(Participant participant, string reason, List<RoomEvent> events)
    {
        _participants.Remove(participant.Id);
        _usage.RemoveParticipant();
        // A subscriber that leaves before any video reached it: the join steps it got through say where it stopped.
        var join = participant.Subscriber.JoinTimeline;
        bool videoNeverArrived = !join.SentVideo && participant.Subscriber.Consumers.Any(c => c.Producer.Kind == RtcLive.WebRtc.Sdp.MediaKind.Video);
        var producers = participant.Producers;
        foreach (var producer in producers) UnpublishLocked(producer, events);
        if (producers.Count > 0)
            foreach (var other in _participants.Values) OfferIfNeeded(other, events);
        foreach (var consumer in participant.Subscriber.Consumers) consumer.Producer.RemoveConsumer(consumer);
        participant.Dispose();
        lock (_speakers) _speakers.Unregister(participant.Id);
        events.Add(new RoomEvent.ParticipantLeft(this, participant, reason));
        if (videoNeverArrived)
            _logger.LogInformation("participant {Participant} left room {Room} before any video reached it: {Reason} (join steps: {JoinSteps} ms)",
                participant.Id, Id, reason, join.Describe());
        else
            _logger.LogInformation("participant {Participant} left room {Room}: {Reason}", participant.Id, Id, reason);
    }

    /// <summary>
    /// Answers a publisher's offer; new tracks reach every other participant through new subscriber offers.
    /// </summary>
    /// <exception cref="PublishNotAllowedException">The participant's role may not publish.</exception>
    public string Publish(Participant participant, string offerSdp, IReadOnlyList<PublishedTrackRequest> tracks)
    {
        if (!participant.Role.CanPublish())
            throw new PublishNotAllowedException($"a {participant.Role.ToWire()} may not publish");
        var events = new List<RoomEvent>();
        string answer;
        lock (_gate)
        {
            var quota = new TrackQuota(Options.Limits, _usage, Id, _tracks);
            var (sdp, added, removed) = participant.EnsurePublisher().Negotiate(offerSdp, tracks, quota);
            answer = sdp;
            _tracks += added.Count; // the node's count was reserved by the quota; removals give back both below
            foreach (var producer in removed) UnpublishLocked(producer, events);
            if (removed.Count > 0 && added.Count == 0)
                foreach (var other in _participants.Values)
                    if (other != participant) OfferIfNeeded(other, events);
            foreach (var producer in added)
            {
                events.Add(new RoomEvent.TrackPublished(this, producer));
                _taps?.OnPublished(Id, producer);
                foreach (var other in _participants.Values)
                    if (other != participant) Subscribe(other, producer);
            }
            if (added.Count > 0)
                foreach (var other in _participants.Values)
                    if (other != participant) OfferIfNeeded(other, events);
        }
        Raise(events);
        return answer;
    }

    /// <summary>Applies a subscriber's answer; a newer offer follows if tracks changed meanwhile.</summary>
    public void AnswerSubscription(Participant participant, string answerSdp)
    {
        var events = new List<RoomEvent>();
        lock (_gate)
        {
            if (participant.Subscriber.ApplyAnswer(answerSdp)) OfferIfNeeded(participant, events);
        }
        Raise(events);
    }

    /// <summary>
    /// Stops or resumes forwarding one received track to one subscriber (it is not shown, or shown again). A
    /// resumed video restarts on a keyframe.
    /// </summary>
    /// <returns>False when the subscriber receives no such track.</returns>
    public bool SetPaused(Participant subscriber, string trackId, bool paused)
    {
        foreach (var consumer in subscriber.Subscriber.Consumers)
        {
            if (consumer.Producer.Id != trackId) continue;
            consumer.Paused = paused;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Mutes or unmutes a participant's tracks of one source for everyone: the node stops forwarding them, so a
    /// client that keeps sending changes nothing. Unmuted video restarts on a keyframe.
    /// </summary>
    /// <returns>The tracks whose state changed.</returns>
    public IReadOnlyList<Producer> SetMuted(Participant publisher, TrackSource source, bool muted)
    {
        var changed = new List<Producer>();
        long nowMs = Environment.TickCount64;
        foreach (var producer in publisher.Producers)
        {
            if (producer.Source != source || producer.Muted == muted) continue;
            producer.Muted = muted;
            changed.Add(producer);
            if (!muted && producer.Kind == RtcLive.WebRtc.Sdp.MediaKind.Video)
                foreach (var layer in producer.Layers) producer.RequestKeyframe(layer.Index, nowMs);
        }
        var events = new List<RoomEvent>();
        foreach (var producer in changed) events.Add(new RoomEvent.TrackMuted(this, producer, muted));
        Raise(events);
        return changed;
    }

    /// <summary>
    /// Gives the participant another role at once. A role that may not publish withdraws everything it publishes:
    /// others see the tracks end, and whatever the client keeps sending is dropped on arrival.
    /// </summary>
    /// <returns>False when the participant already had that role.</returns>
    public bool SetRole(Participant participant, ParticipantRole role)
    {
        var events = new List<RoomEvent>();
        lock (_gate)
        {
            if (!_participants.TryGetValue(participant.Id, out var current) || current != participant || participant.Role == role) return false;
            participant.Role = role;
            if (!role.CanPublish() && participant.Publisher is { } publisher)
            {
                var withdrawn = publisher.WithdrawAll();
                foreach (var producer in withdrawn) UnpublishLocked(producer, events);
                if (withdrawn.Count > 0)
                    foreach (var other in _participants.Values)
                        if (other != participant) OfferIfNeeded(other, events);
            }
            events.Add(new RoomEvent.RoleChanged(this, participant));
        }
        _logger.LogInformation("participant {Participant} in room {Room} is now {Role}", participant.Id, Id, role.ToWire());
        Raise(events);
        return true;
    }

    private static void Subscribe(Participant subscriber, Producer producer)
    {
        if (!subscriber.Receives) return;
        if (subscriber.Subscriber.AddConsumer(producer) is { } consumer) producer.AddConsumer(consumer);
    }


    private void UnpublishLocked(Producer producer, List<RoomEvent> events)
    {
        _tracks--;
        _usage.RemoveTracks(1);
        foreach (var consumer in producer.Consumers)
        {
            producer.RemoveConsumer(consumer);
            var subscriber = consumer.Session;
            subscriber.RemoveConsumer(consumer);
        }
        producer.Owner.ForgetProducer(producer);
        producer.EndTaps();
        events.Add(new RoomEvent.TrackUnpublished(this, producer));
    }


    private void OfferIfNeeded(Participant participant, List<RoomEvent> events)
    {
        if (participant.Subscriber.IsEmpty || participant.Subscriber.IsPlayback) return;
        if (participant.Subscriber.TryCreateOffer() is { } sdp)
            events.Add(new RoomEvent.SubscriberOffer(this, participant, sdp, participant.Subscriber.Consumers));
    }

    /// <summary>Per audio packet, on the receive thread; the lock is the detector's, shared with joins and leaves.</summary>
    internal void OnAudioLevel(Participant participant, byte level, bool voice, long nowMs)
    {
        string? changed;
        lock (_speakers)
        {
            _speakers.Register(participant.Id);
            _speakers.OnAudioLevel(participant.Id, level, voice, nowMs);
            if (nowMs - _speakerCheckedMs < SpeakerCheckIntervalMs) return;
            _speakerCheckedMs = nowMs;
            if (!_speakers.TryGetChange(nowMs, out changed)) return;
        }
        Raise([new RoomEvent.ActiveSpeakerChanged(this, changed)]);
    }

    private const long SpeakerCheckIntervalMs = 150;

    private void Raise(List<RoomEvent> events)
    {
        var handler = Events;
        if (handler is null) return;
        foreach (var e in events)
        {
            try
            {
                handler(e);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "room {Room} event handler failed for {Event}", Id, e.GetType().Name);
            }
        }
    }
}
