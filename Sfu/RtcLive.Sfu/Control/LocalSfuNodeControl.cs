using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.Sfu.Forwarding;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Sessions;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Control;

/// <summary>
/// The control API over an <see cref="SfuNode"/> in the same process (embedded mode). Calls run synchronously on
/// the caller's thread (room operations are short and serialized by the room); the node's objects never leave
/// this class: callers get records of strings.
/// </summary>
public sealed class LocalSfuNodeControl : ISfuNodeControl, IDisposable
{
    private readonly SfuNode _node;
    private readonly ILogger _logger;
    // A participant's layer choice outlives its current consumers: tracks published later get it too.
    private readonly ConcurrentDictionary<(string Room, string Participant), SimulcastPreference> _preferences = new();

    public LocalSfuNodeControl(SfuNode node, ILogger<LocalSfuNodeControl>? logger = null)
    {
        _node = node;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _node.RoomEvents += OnRoomEvent;
    }

    public string NodeId => _node.Id;

    public event Action<SfuControlEvent>? Events;

    public Task<SfuNodeStatus> GetStatusAsync(CancellationToken ct = default) => Run(() =>
    {
        int rooms = 0, participants = 0, tracks = 0;
        foreach (var room in _node.Rooms)
        {
            rooms++;
            foreach (var participant in room.Participants)
            {
                participants++;
                tracks += participant.Producers.Count;
            }
        }
        return new SfuNodeStatus(NodeId, _node.Options.Region, Environment.ProcessId, _cpu.Sample(), rooms, participants, tracks,
            _bitrate.Sample(_node.Counters.RtpBytesForwarded, Environment.TickCount64));
    });

    private readonly ForwardedBitrateSampler _bitrate = new();
    private readonly ProcessCpuSampler _cpu = new();

    public Task<SfuJoinSnapshot> JoinAsync(string room, string participantId, string name, string role, CancellationToken ct = default) => Run(() =>
    {
        var (target, participant) = JoinRoom(room, participantId, name, role, receives: true);
        var participants = new List<SfuParticipantInfo>();
        var tracks = new List<SfuTrackInfo>();
        foreach (var member in target.Participants)
        {
            participants.Add(Describe(member));
            foreach (var producer in member.Producers) tracks.Add(Describe(producer));
        }
        return new SfuJoinSnapshot(NodeId, room, participant.Id, participants, tracks);
    });

    public Task<SfuRoomSnapshot> GetRoomAsync(string room, CancellationToken ct = default) => Run(() =>
    {
        var participants = new List<SfuParticipantInfo>();
        var tracks = new List<SfuTrackInfo>();
        if (_node.TryGetRoom(room, out var target))
            foreach (var member in target.Participants)
            {
                participants.Add(Describe(member));
                foreach (var producer in member.Producers) tracks.Add(Describe(producer));
            }
        return new SfuRoomSnapshot(NodeId, room, participants, tracks);
    });

    public Task JoinPublishOnlyAsync(string room, string participantId, string name, string role, CancellationToken ct = default) => Run(() =>
    {
        JoinRoom(room, participantId, name, role, receives: false);
        return true;
    });

    /// <summary>
    /// Puts a publisher of another node into the room (a relay link republishes it here). In-process only: the
    /// relay runs inside the node that pulls.
    /// </summary>
    public Task JoinRelayedAsync(string room, string participantId, string name, string role, CancellationToken ct = default) => Run(() =>
    {
        // A copy must never replace the real thing: a participant here in person (its track came back over a link
        // from a node that relays it) stays, and the copy is refused.
        if (_node.TryGetRoom(room, out var existing) && existing.TryGetParticipant(participantId, out var present) && !present.IsRelayed)
            throw new SfuControlException(SfuControlError.NotAllowed, $"{participantId} is on this node in person: its relayed copy is not taken");
        JoinRoom(room, participantId, name, role, receives: false, relayed: true);
        return true;
    });

    /// <summary>Raised by <see cref="PullRoomAsync"/>: the host's relay opens (or keeps) a link to the origin.</summary>
    public event Func<string, string, string, CancellationToken, Task>? PullRequested;

    public async Task PullRoomAsync(string room, string fromNodeId, string fromControlUrl, CancellationToken ct = default)
    {
        RequireText(room, "room");
        RequireText(fromNodeId, "origin node");
        if (fromNodeId == NodeId) throw new SfuControlException(SfuControlError.InvalidArgument, "a node does not pull from itself");
        if (PullRequested is not { } pull) throw new SfuControlException(SfuControlError.NotAllowed, "this node's host does not relay");
        await pull(room, fromNodeId, fromControlUrl, ct);
    }

    private (Room Room, Participant Participant) JoinRoom(string room, string participantId, string name, string role, bool receives,
        bool relayed = false)
    {
        RequireText(room, "room");
        RequireText(participantId, "participant id");
        RequireText(name, "name");
        if (!ParticipantRoles.TryParse(role, out var parsedRole))
            throw new SfuControlException(SfuControlError.InvalidArgument, $"unknown role '{role}' (presenter, speaker, viewer, moderator)");

        _preferences.TryRemove((room, participantId), out _);
        try
        {
            return _node.Join(room, target =>
            {
                var participant = relayed ? target.JoinRelayed(participantId, name, parsedRole)
                    : receives ? target.Join(participantId, name, parsedRole) : target.JoinPublishOnly(participantId, name, parsedRole);
                return (target, participant);
            });
        }
        catch (RoomFullException ex)
        {
            throw Refused(ex);
        }
    }

    public Task<string> JoinForPlaybackAsync(string room, string participantId, string name, string offerSdp, CancellationToken ct = default) => Run(() =>
    {
        RequireText(room, "room");
        RequireText(participantId, "participant id");
        RequireText(name, "name");
        try
        {
            return _node.Join(room, target =>
            {
                target.JoinForPlayback(participantId, name, offerSdp, out string answer);
                return answer;
            });
        }
        catch (RoomFullException ex)
        {
            throw Refused(ex);
        }
        catch (Exception ex) when (TranslateSdpFailure(ex) is { } failure)
        {
            throw failure;
        }
    });

    public Task<string> PublishAsync(string room, string participantId, string offerSdp, IReadOnlyList<SfuPublishedTrack> tracks,
        CancellationToken ct = default) => Run(() =>
    {
        var participant = Find(room, participantId);
        var requests = new List<PublishedTrackRequest>(tracks.Count);
        foreach (var track in tracks)
        {
            if (!TrackSources.TryParse(track.Source, out var source))
                throw new SfuControlException(SfuControlError.InvalidArgument,
                    $"unknown track source '{track.Source}' for mid {track.Mid} (camera, microphone, screen, screen-audio)");
            requests.Add(new PublishedTrackRequest(track.Mid, source));
        }
        try
        {
            return participant.Room.Publish(participant, offerSdp, requests);
        }
        catch (PublishNotAllowedException ex)
        {
            throw new SfuControlException(SfuControlError.NotAllowed, ex.Message, ex);
        }
        catch (Exception ex) when (TranslateSdpFailure(ex) is { } failure)
        {
            throw failure;
        }
    });

    public Task AnswerSubscriptionAsync(string room, string participantId, string answerSdp, CancellationToken ct = default) => Run(() =>
    {
        var participant = Find(room, participantId);
        try
        {
            participant.Room.AnswerSubscription(participant, answerSdp);
        }
        catch (Exception ex) when (TranslateSdpFailure(ex) is { } failure)
        {
            throw failure;
        }
        return true;
    });

    public Task SetLayerAsync(string room, string participantId, string layer, CancellationToken ct = default) => Run(() =>
    {
        if (!SfuLayerNames.TryParse(layer, out var preference))
            throw new SfuControlException(SfuControlError.InvalidArgument, $"unknown layer '{layer}' ({SfuLayerNames.Allowed})");
        var participant = Find(room, participantId);
        _preferences[(room, participantId)] = preference;
        Apply(preference, participant.Subscriber.Consumers);
        return true;
    });

    public Task<SfuRelayLayers> SetRelayLayersAsync(string room, string participantId, string trackId, IReadOnlyList<string> rids,
        CancellationToken ct = default) => Run(() =>
    {
        RequireText(trackId, "track id");
        var participant = Find(room, participantId);
        Producer? producer = null;
        foreach (var consumer in participant.Subscriber.Consumers)
            if (consumer.Producer.Id == trackId) producer = consumer.Producer;
        if (producer is null) throw new SfuControlException(SfuControlError.InvalidArgument, $"{participantId} receives no track '{trackId}'");
        if (!producer.IsSimulcast) return new SfuRelayLayers([]);

        int mask = 0;
        foreach (string rid in rids ?? [])
        {
            int index = -1;
            for (int i = 0; i < producer.Layers.Count; i++)
                if (string.Equals(producer.Layers[i].Rid, rid, StringComparison.Ordinal)) index = i;
            if (index < 0)
                throw new SfuControlException(SfuControlError.InvalidArgument, $"track '{trackId}' has no simulcast layer '{rid}'");
            mask |= 1 << index;
        }
        var (target, added) = participant.Subscriber.SetRelayLayers(trackId, mask);
        long nowMs = Environment.TickCount64;
        for (int i = 0; i < producer.Layers.Count; i++)
            if ((added & (1 << i)) != 0) producer.RequestKeyframe(i, nowMs);
        var ssrcs = target?.RelayLayerSsrcs ?? [];
        var layers = new List<SfuRelayLayer>(ssrcs.Count);
        for (int i = 0; i < ssrcs.Count; i++) layers.Add(new SfuRelayLayer(producer.Layers[i].Rid ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), ssrcs[i]));
        return new SfuRelayLayers(layers);
    });

    public Task SetPausedAsync(string room, string participantId, string trackId, bool paused, CancellationToken ct = default) => Run(() =>
    {
        var participant = Find(room, participantId);
        if (!participant.Room.SetPaused(participant, trackId, paused))
            throw new SfuControlException(SfuControlError.InvalidArgument, $"{participantId} receives no track '{trackId}'");
        return true;
    });

    public Task SetTrackMutedAsync(string room, string participantId, string source, bool muted, CancellationToken ct = default) => Run(() =>
    {
        if (!TrackSources.TryParse(source, out var parsed))
            throw new SfuControlException(SfuControlError.InvalidArgument, $"unknown track source '{source}' (camera, microphone, screen, screen-audio)");
        var participant = Find(room, participantId);
        participant.Room.SetMuted(participant, parsed, muted);
        return true;
    });

    public Task SetRoleAsync(string room, string participantId, string role, CancellationToken ct = default) => Run(() =>
    {
        if (!ParticipantRoles.TryParse(role, out var parsed))
            throw new SfuControlException(SfuControlError.InvalidArgument, $"unknown role '{role}' (presenter, speaker, viewer, moderator)");
        var participant = Find(room, participantId);
        participant.Room.SetRole(participant, parsed);
        return true;
    });

    public Task<SfuParticipantStats> GetStatsAsync(string room, string participantId, CancellationToken ct = default) => Run(() =>
    {
        var participant = Find(room, participantId);
        var received = new List<SfuReceivedTrackStats>();
        foreach (var consumer in participant.Subscriber.Consumers)
        {
            var producer = consumer.Producer;
            int layer = consumer.CurrentLayer;
            string? rid = producer.IsSimulcast && layer >= 0 && layer < producer.Layers.Count ? producer.Layers[layer].Rid : null;
            received.Add(new SfuReceivedTrackStats(producer.Id, producer.Owner.Id, producer.Source.ToWire(), KindOf(producer), rid,
                consumer.PacketsSent, consumer.BytesSent));
        }
        var join = new List<SfuJoinStep>();
        foreach (var (step, at) in participant.Subscriber.JoinTimeline.Snapshot()) join.Add(new SfuJoinStep(step, at));
        return new SfuParticipantStats(NodeId, received, join);
    });

    /// <summary>Raised by <see cref="DrainAsync"/>: the host marks its registration draining and evicts at the deadline.</summary>
    public event Action<TimeSpan>? DrainRequested;

    public Task DrainAsync(TimeSpan deadline, CancellationToken ct = default) => Run(() =>
    {
        if (deadline < TimeSpan.Zero) throw new SfuControlException(SfuControlError.InvalidArgument, "a drain deadline cannot be negative");
        if (DrainRequested is not { } handler)
            throw new SfuControlException(SfuControlError.NotAllowed, "this node's host cannot drain it");
        handler(deadline);
        return true;
    });

    public Task LeaveAsync(string room, string participantId, string reason, CancellationToken ct = default) => Run(() =>
    {
        if (_node.TryGetRoom(room, out var target) && target.TryGetParticipant(participantId, out var participant))
            target.Leave(participant, reason);
        return true;
    });

    private Participant Find(string room, string participantId)
    {
        if (_node.TryGetRoom(room, out var target) && target.TryGetParticipant(participantId, out var participant)) return participant;
        throw new SfuControlException(SfuControlError.NotJoined, $"{participantId} is not in room {room}");
    }

    private static void RequireText(string? value, string what)
    {
        if (string.IsNullOrEmpty(value)) throw new SfuControlException(SfuControlError.InvalidArgument, $"{what} is missing");
    }

    private SfuControlException Refused(RoomFullException full)
    {
        Interlocked.Increment(ref _node.Counters.LimitRefusals);
        return new SfuControlException(SfuControlError.Full, full.Message, full);
    }

    private SfuControlException? TranslateSdpFailure(Exception ex) => ex switch
    {
        SdpParseException parse => new SfuControlException(SfuControlError.MalformedSdp, $"malformed SDP: {parse.Message}", parse),
        SdpNegotiationException negotiation => new SfuControlException(SfuControlError.Negotiation, $"SDP not accepted: {negotiation.Message}", negotiation),
        RoomFullException full => Refused(full),
        _ => null,
    };

    /// <summary>Hands the choice to each consumer; its forwarding thread applies it at the next packet.</summary>
    private static void Apply(SimulcastPreference preference, IReadOnlyList<Consumer> consumers)
    {
        foreach (var consumer in consumers)
            consumer.RequestLayer(preference);
    }

    private void OnRoomEvent(RoomEvent e)
    {
        string room = e.Room.Id;
        SfuControlEvent translated;
        switch (e)
        {
            case RoomEvent.ParticipantJoined joined:
                translated = new SfuControlEvent.ParticipantJoined(room, Describe(joined.Participant));
                break;
            case RoomEvent.ParticipantLeft left:
                // The room swaps a replaced participant for its successor before raising events, so a different
                // participant under the same id means a new session took this one's place: the participant did
                // not leave (others see it join again), its old session ended.
                if (e.Room.TryGetParticipant(left.Participant.Id, out var successor) && successor != left.Participant)
                {
                    translated = new SfuControlEvent.SessionReplaced(room, left.Participant.Id);
                    break;
                }
                _preferences.TryRemove((room, left.Participant.Id), out _);
                translated = new SfuControlEvent.ParticipantLeft(room, Describe(left.Participant), left.Reason);
                break;
            case RoomEvent.TrackPublished published:
                translated = new SfuControlEvent.TrackPublished(room, Describe(published.Producer));
                break;
            case RoomEvent.TrackUnpublished unpublished:
                translated = new SfuControlEvent.TrackUnpublished(room, Describe(unpublished.Producer));
                break;
            case RoomEvent.SubscriberOffer offer:
                if (_preferences.TryGetValue((room, offer.Participant.Id), out var preference)) Apply(preference, offer.Consumers);
                var tracks = new List<SfuSubscribedTrack>(offer.Consumers.Count);
                foreach (var consumer in offer.Consumers)
                {
                    var producer = consumer.Producer;
                    tracks.Add(new SfuSubscribedTrack(consumer.Mid, producer.Id, producer.Owner.Id, producer.Owner.Name,
                        producer.Source.ToWire(), KindOf(producer)));
                }
                translated = new SfuControlEvent.SubscriberOffer(room, offer.Participant.Id, offer.Sdp, tracks);
                break;
            case RoomEvent.TrackMuted muted:
                translated = new SfuControlEvent.TrackMuted(room, Describe(muted.Producer), muted.Muted);
                break;
            case RoomEvent.RoleChanged changed:
                translated = new SfuControlEvent.RoleChanged(room, Describe(changed.Participant));
                break;
            case RoomEvent.ActiveSpeakerChanged speaker:
                translated = new SfuControlEvent.ActiveSpeaker(room, speaker.ParticipantId);
                break;
            default:
                return;
        }
        Raise(translated);
    }

    private void Raise(SfuControlEvent e)
    {
        try
        {
            Events?.Invoke(e);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "control event handler failed for {Event} in room {Room}", e.GetType().Name, e.Room);
        }
    }

    private static SfuParticipantInfo Describe(Participant participant) =>
        new(participant.Id, participant.Name, participant.Role.ToWire(), participant.IsRelayed);

    private static SfuTrackInfo Describe(Producer producer)
    {
        var rids = new List<string>(producer.Layers.Count);
        foreach (var layer in producer.Layers)
            if (layer.Rid is { } rid) rids.Add(rid);
        return new SfuTrackInfo(producer.Id, producer.Owner.Id, producer.Owner.Name, producer.Source.ToWire(), KindOf(producer), rids,
            producer.Owner.IsRelayed);
    }

    private static string KindOf(Producer producer) => producer.Kind == MediaKind.Audio ? "audio" : "video";

    /// <summary>In-process calls complete before they return; failures travel in the task, as they would over HTTP.</summary>
    private static Task<T> Run<T>(Func<T> call)
    {
        try
        {
            return Task.FromResult(call());
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    public void Dispose() => _node.RoomEvents -= OnRoomEvent;
}
