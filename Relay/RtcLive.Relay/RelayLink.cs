using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Relay;

/// <summary>
/// Pulls one room from one origin node into this node. The link joins the room at the origin as the participant
/// <c>relay:{this node}</c> through the origin's control API and subscribes like a browser would: one
/// DTLS-SRTP connection (authenticated by the certificate fingerprints the two control APIs exchanged,
/// encrypted end to end). Each origin publisher is republished here by a <see cref="RelayedPublisher"/>;
/// keyframe requests and NACKs from here travel back over the same connection. The origin's renegotiations (a
/// track published or gone) are answered on the running connection.
/// </summary>
public sealed class RelayLink : IMediaReceiver, IAsyncDisposable
{
    private readonly ISfuNodeControl _origin;
    private readonly LocalSfuNodeControl _local;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly ClientPeer _puller;
    // Each offer describes the whole session: only the newest can be answered, so a backlog keeps the last few.
    private readonly Channel<SfuControlEvent.SubscriberOffer> _offers = Channel.CreateBounded<SfuControlEvent.SubscriberOffer>(
        new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, RelayedPublisher> _publishers = new(StringComparer.Ordinal);
    // Tracks of participants already here: paused at the origin for this link, never republished.
    private readonly HashSet<string> _unwanted = new(StringComparer.Ordinal);
    private readonly byte[] _rtxBuffer = new byte[1600];
    // Read on the puller's receive thread; replaced whole when the tracks change.
    private volatile Dictionary<uint, (RelayedPublisher Publisher, int Index, RelayedTrack Track)> _bySsrc = [];
    private Task? _loop;
    private long _packets;
    private long _emptySinceMs = Environment.TickCount64;

    public RelayLink(string room, string originNodeId, ISfuNodeControl origin, SfuNode node, LocalSfuNodeControl local, ILoggerFactory loggers)
    {
        PeerOptions = RelayPeerOptions.For(node.Options);
        Room = room;
        OriginNodeId = originNodeId;
        _origin = origin;
        _local = local;
        _loggers = loggers;
        _logger = loggers.CreateLogger<RelayLink>();
        PullerId = RelayIds.Puller(local.NodeId);
        _puller = new ClientPeer(PeerOptions) { Receiver = this };
    }

    public string Room { get; }

    public string OriginNodeId { get; }

    public string PullerId { get; }

    /// <summary>How this link's peers bind (the node's media address), the republishers' as well as the puller's.</summary>
    internal ClientPeerOptions PeerOptions { get; }

    /// <summary>RTP packets relayed so far.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Joins the origin; the media follows the origin's first offer (on the link's own loop).</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _origin.Events += OnOriginEvent;
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        await _origin.JoinAsync(Room, PullerId, PullerId, "viewer", ct);
        _logger.LogInformation("relay link up: room {Room} from node {Origin} to {Node}", Room, OriginNodeId, _local.NodeId);
    }

    private void OnOriginEvent(SfuControlEvent e)
    {
        if (e is SfuControlEvent.SubscriberOffer offer && offer.Room == Room && offer.ParticipantId == PullerId)
            _offers.Writer.TryWrite(offer);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        bool connected = false;
        try
        {
            await foreach (var offer in _offers.Reader.ReadAllAsync(ct))
            {
                try
                {
                    string answer = _puller.AcceptOffer(offer.Sdp);
                    await _origin.AnswerSubscriptionAsync(Room, PullerId, answer, ct);
                    if (!connected)
                    {
                        await _puller.ConnectAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
                        connected = true;
                    }
                    await ReconcileAsync(offer.Tracks, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning("relay link {Room} from {Origin}: could not apply the origin's offer: {Reason}", Room, OriginNodeId, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Closing.
        }
    }

    /// <summary>Republishes each origin publisher here; one whose tracks changed is republished afresh, one gone leaves.</summary>
    private async Task ReconcileAsync(IReadOnlyList<SfuSubscribedTrack> offered, CancellationToken ct)
    {
        var byParticipant = new Dictionary<string, List<RelayedTrack>>(StringComparer.Ordinal);
        var here = await ParticipantsHereAsync(ct);
        foreach (var info in offered)
        {
            // Never relay a relay: tracks another link brought to the origin stay there.
            if (RelayIds.IsPuller(info.ParticipantId) || _puller.FindMedia(info.Mid) is not { } media) continue;
            // A participant already here (in person, or brought by another link) is not taken twice: its track
            // came back around a loop of links (a speaker on this node relayed to the origin and offered back) or
            // by a second path. The origin stops sending it on this link.
            if (!_publishers.ContainsKey(info.ParticipantId) && here.Contains(info.ParticipantId))
            {
                await NotOverThisLinkAsync(info.TrackId, ct);
                continue;
            }
            if (!byParticipant.TryGetValue(info.ParticipantId, out var list)) byParticipant[info.ParticipantId] = list = [];
            list.Add(new RelayedTrack(info, media));
        }

        foreach (var (id, publisher) in _publishers.ToArray())
        {
            if (byParticipant.TryGetValue(id, out var now) && SameTracks(publisher.Tracks, now)) continue;
            _publishers.Remove(id);
            await LeaveLocallyAsync(publisher);
        }
        foreach (var (id, tracks) in byParticipant)
        {
            if (_publishers.ContainsKey(id)) continue;
            var publisher = new RelayedPublisher(this, id, tracks[0].Info.Name, tracks, _loggers.CreateLogger<RelayedPublisher>());
            try
            {
                await publisher.StartAsync(_local, Room, ct);
                _publishers[id] = publisher;
            }
            catch (SfuControlException ex) when (ex.Error == SfuControlError.NotAllowed)
            {
                // The participant arrived here in person meanwhile: leave it be, and take nothing of it over the link.
                publisher.Dispose();
                foreach (var track in tracks) await NotOverThisLinkAsync(track.Info.TrackId, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning("relay link {Room}: could not republish {Participant}: {Reason}", Room, id, ex.Message);
                await LeaveLocallyAsync(publisher);
            }
        }

        var bySsrc = new Dictionary<uint, (RelayedPublisher, int, RelayedTrack)>();
        foreach (var publisher in _publishers.Values)
            for (int i = 0; i < publisher.Tracks.Count; i++)
                if (publisher.Tracks[i].OriginSsrc is { } ssrc) bySsrc[ssrc] = (publisher, i, publisher.Tracks[i]);
        _bySsrc = bySsrc;
        NoteCarrying();
    }

    /// <summary>
    /// How long the link has carried nobody (ms, by <see cref="Environment.TickCount64"/>): from its start until the
    /// first publisher, and from the last publisher's departure. Zero while it carries someone.
    /// </summary>
    public long EmptyForMs(long nowMs) => Interlocked.Read(ref _emptySinceMs) is var since && since == long.MaxValue ? 0 : nowMs - since;

    private void NoteCarrying()
    {
        if (_publishers.Count > 0) Interlocked.Exchange(ref _emptySinceMs, long.MaxValue);
        else if (Interlocked.Read(ref _emptySinceMs) == long.MaxValue) Interlocked.Exchange(ref _emptySinceMs, Environment.TickCount64);
    }

    /// <summary>Who is in the room on this node now, relayed copies from other links included.</summary>
    private async Task<HashSet<string>> ParticipantsHereAsync(CancellationToken ct)
    {
        var room = await _local.GetRoomAsync(Room, ct);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var participant in room.Participants) ids.Add(participant.ParticipantId);
        return ids;
    }

    private async Task NotOverThisLinkAsync(string trackId, CancellationToken ct)
    {
        if (!_unwanted.Add(trackId)) return;
        _logger.LogDebug("relay link {Room} from {Origin}: track {Track} is here already, paused on the link", Room, OriginNodeId, trackId);
        try
        {
            await _origin.SetPausedAsync(Room, PullerId, trackId, paused: true, ct);
        }
        catch (SfuControlException ex)
        {
            // Not fatal: its packets arrive and are dropped here, no SSRC being mapped to them.
            _logger.LogInformation("relay link {Room} from {Origin}: could not pause track {Track} on the link: {Reason}", Room, OriginNodeId, trackId, ex.Message);
        }
    }

    private static bool SameTracks(IReadOnlyList<RelayedTrack> a, List<RelayedTrack> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (a[i].Info.TrackId != b[i].Info.TrackId || a[i].OriginSsrc != b[i].OriginSsrc) return false;
        return true;
    }

    private async Task LeaveLocallyAsync(RelayedPublisher publisher)
    {
        publisher.Dispose();
        try
        {
            await _local.LeaveAsync(Room, publisher.ParticipantId, "left the origin node");
        }
        catch (SfuControlException)
        {
            // Already gone.
        }
    }

    void IMediaReceiver.OnRtp(Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header)) return;
        var map = _bySsrc;
        if (map.TryGetValue(header.Ssrc, out var target))
        {
            Interlocked.Increment(ref _packets);
            target.Publisher.Forward(target.Index, packet);
            return;
        }
        // A repair sent as RTX: unwrap it into the original stream.
        foreach (var (ssrc, candidate) in map)
        {
            var media = candidate.Track.Media;
            if (media.RtxPayloadType is not { } rtx || header.PayloadType != rtx || !media.RemoteSsrcs.Contains(header.Ssrc)) continue;
            if (RtxPacket.TryUnwrap(packet, media.PayloadType, ssrc, _rtxBuffer, out int length))
            {
                Interlocked.Increment(ref _packets);
                candidate.Publisher.Forward(candidate.Index, _rtxBuffer.AsSpan(0, length));
            }
            return;
        }
    }

    void IMediaReceiver.OnRtcp(Span<byte> packet)
    {
        // The origin's sender reports: nothing to do with them here.
    }

    internal void RequestKeyframe(RelayedTrack track)
    {
        if (track.OriginSsrc is not { } ssrc) return;
        Span<byte> buffer = stackalloc byte[16];
        int length = PictureLossIndication.Write(buffer, 1, ssrc);
        _puller.SendRtcp(buffer[..length]);
    }

    internal void RequestRetransmission(RelayedTrack track, ReadOnlySpan<ushort> lost)
    {
        if (track.OriginSsrc is not { } ssrc || lost.IsEmpty) return;
        Span<byte> buffer = stackalloc byte[GenericNack.GetLength(lost)];
        int length = GenericNack.Write(buffer, 1, ssrc, lost);
        _puller.SendRtcp(buffer[..length]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _origin.Events -= OnOriginEvent;
        await _stop.CancelAsync();
        _offers.Writer.TryComplete();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        foreach (var publisher in _publishers.Values) await LeaveLocallyAsync(publisher);
        _publishers.Clear();
        _puller.Dispose();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _origin.LeaveAsync(Room, PullerId, "relay link closed", timeout.Token);
        }
        catch (Exception ex)
        {
            _logger.LogDebug("relay link {Room}: leaving the origin: {Reason}", Room, ex.Message);
        }
        _logger.LogInformation("relay link down: room {Room} from node {Origin} ({Packets} packets relayed)", Room, OriginNodeId, Packets);
    }
}
