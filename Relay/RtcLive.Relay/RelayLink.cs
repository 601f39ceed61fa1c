using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RtcLive.Relay.Layers;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;
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
/// <remarks>
/// A simulcast track crosses the link as exactly the layers this node's subscribers want, each on its own SSRC:
/// every <see cref="LayerUpdateInterval"/> the link reads what the local subscribers of the republished track want
/// (<see cref="RelayLayerDemand"/>), keeps the pulled set with a hold-down (<see cref="RelayLayerSet"/>) and tells
/// the origin when it changes (<see cref="ISfuNodeControl.SetRelayLayersAsync"/>); the origin asks its publisher
/// for a keyframe of a layer added, and a local subscriber switching to it asks again across the link.
/// </remarks>
public sealed class RelayLink : IMediaReceiver, IAsyncDisposable
{
    /// <summary>How often the layers the local subscribers want are read.</summary>
    public static readonly TimeSpan LayerUpdateInterval = TimeSpan.FromMilliseconds(200);

    private readonly ISfuNodeControl _origin;
    private readonly SfuNode _node;
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
    private volatile Dictionary<uint, (RelayedPublisher Publisher, int Index, RelayedTrack Track, int Layer)> _bySsrc = [];
    private readonly long[] _layerPackets = new long[RelayLayerSet.MaxLayers];
    private readonly int[] _layersPulled = new int[RelayLayerSet.MaxLayers];
    private Task? _loop;
    private long _packets;
    private long _bytes;
    private long _payloadBytes;
    private long _emptySinceMs = Environment.TickCount64;
    private readonly long _startedMs = Environment.TickCount64;
    private volatile bool _connected;

    /// <summary>How long the puller may take to connect to the origin before the link gives up on that attempt.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public RelayLink(string room, string originNodeId, ISfuNodeControl origin, SfuNode node, LocalSfuNodeControl local, ILoggerFactory loggers)
    {
        PeerOptions = RelayPeerOptions.For(node.Options, loggers.CreateLogger<ClientPeer>());
        _node = node;
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

    /// <summary>The connection to the origin failed or closed: the link carries nothing any more.</summary>
    public bool Failed => _puller.State is MediaTransportState.Failed or MediaTransportState.Closed;

    /// <summary>RTP packets relayed so far.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>RTP bytes relayed so far (headers and payload, as SRTP carried them less its tag).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Of <see cref="Bytes"/>, the media: the RTP payloads.</summary>
    public long PayloadBytes => Interlocked.Read(ref _payloadBytes);

    /// <summary>RTP packets relayed so far of simulcast layer <paramref name="layer"/> (0 = q), over every simulcast track.</summary>
    public long LayerPackets(int layer) => Interlocked.Read(ref _layerPackets[layer]);

    /// <summary>How many simulcast tracks the link pulls layer <paramref name="layer"/> of now.</summary>
    public int LayersPulled(int layer) => Volatile.Read(ref _layersPulled[layer]);

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
            while (!ct.IsCancellationRequested)
            {
                connected = await ApplyOffersAsync(connected, ct);
                await UpdateLayersAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Closing.
        }
    }

    /// <summary>Applies the offers that arrive within one <see cref="LayerUpdateInterval"/>; true once connected.</summary>
    private async Task<bool> ApplyOffersAsync(bool connected, CancellationToken ct)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        tick.CancelAfter(LayerUpdateInterval);
        try
        {
            if (!await _offers.Reader.WaitToReadAsync(tick.Token)) return connected;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return connected;
        }
        while (_offers.Reader.TryRead(out var offer))
        {
            try
            {
                _logger.LogDebug("relay link {Room} from {Origin}: offer with {Tracks} tracks", Room, OriginNodeId, offer.Tracks.Count);
                string answer = _puller.AcceptOffer(offer.Sdp);
                await _origin.AnswerSubscriptionAsync(Room, PullerId, answer, ct);
                _logger.LogDebug("relay link {Room} from {Origin}: answered", Room, OriginNodeId);
                if (!connected)
                {
                    await _puller.ConnectAsync(ct).WaitAsync(ConnectTimeout, ct);
                    _logger.LogDebug("relay link {Room} from {Origin}: connected", Room, OriginNodeId);
                    connected = true;
                    // Emptiness counts from here: the time spent connecting says nothing about whether anyone is relayed.
                    if (Interlocked.Read(ref _emptySinceMs) != long.MaxValue) Interlocked.Exchange(ref _emptySinceMs, Environment.TickCount64);
                    _connected = true;
                }
                await ReconcileAsync(offer.Tracks, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning("relay link {Room} from {Origin}: could not apply the origin's offer: {Reason}", Room, OriginNodeId, ex.Message);
            }
        }
        return connected;
    }

    /// <summary>Reads what the local subscribers of each relayed simulcast track want and tells the origin when the pulled set changes.</summary>
    private async Task UpdateLayersAsync(CancellationToken ct)
    {
        if (!_node.TryGetRoom(Room, out var room)) return;
        long nowMs = Environment.TickCount64;
        var pulled = new int[RelayLayerSet.MaxLayers];
        var wishes = new List<RelayLayerWish>();
        foreach (var publisher in _publishers.Values)
        {
            room.TryGetParticipant(publisher.ParticipantId, out var participant);
            for (int i = 0; i < publisher.Tracks.Count; i++)
            {
                var track = publisher.Tracks[i];
                if (track.Layers.Count == 0) continue;
                wishes.Clear();
                string mid = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var producer in participant?.Producers ?? [])
                {
                    if (producer.Mid != mid) continue;
                    for (int l = 0; l < producer.Layers.Count; l++)
                        if (producer.Layers[l].IsActive(nowMs)) track.Bitrates.Observe(l, producer.Layers[l].BitsPerSecond(nowMs));
                    foreach (var consumer in producer.Consumers)
                        wishes.Add(new RelayLayerWish(consumer.Preference, consumer.Session.BandwidthEstimateBps, consumer.CurrentLayer,
                            consumer.Paused, consumer.RelayLayerSsrcs is null ? -1 : consumer.RelayLayerMask));
                }
                int wanted = RelayLayerDemand.Wanted(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(wishes), track.Bitrates, track.Layers.Count);
                if (track.LayerSet.Update(wanted, nowMs)) await TellOriginAsync(track, ct);
                for (int l = 0; l < RelayLayerSet.MaxLayers; l++)
                    if ((track.LayerSet.Pulled & (1 << l)) != 0) pulled[l]++;
            }
        }
        for (int l = 0; l < RelayLayerSet.MaxLayers; l++) Volatile.Write(ref _layersPulled[l], pulled[l]);
    }

    private async Task TellOriginAsync(RelayedTrack track, CancellationToken ct)
    {
        var rids = new List<string>(track.Layers.Count);
        for (int l = 0; l < track.Layers.Count; l++)
            if ((track.LayerSet.Pulled & (1 << l)) != 0) rids.Add(track.Layers[l].Rid);
        try
        {
            await _origin.SetRelayLayersAsync(Room, PullerId, track.Info.TrackId, rids, ct);
            _logger.LogDebug("relay link {Room} from {Origin}: track {Track} now pulls [{Layers}]", Room, OriginNodeId, track.Info.TrackId, string.Join(",", rids));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next change tells it again; a track gone at the origin leaves with the next offer.
            _logger.LogWarning("relay link {Room} from {Origin}: could not set the layers of track {Track}: {Reason}", Room, OriginNodeId,
                track.Info.TrackId, ex.Message);
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
            list.Add(new RelayedTrack(info, media, []));
        }

        foreach (var (id, publisher) in _publishers.ToArray())
        {
            if (byParticipant.TryGetValue(id, out var now) && SameTracks(publisher.Tracks, now)) continue;
            _publishers.Remove(id);
            await LeaveLocallyAsync(publisher);
        }
        foreach (var (id, offeredTracks) in byParticipant)
        {
            if (_publishers.ContainsKey(id)) continue;
            var tracks = new List<RelayedTrack>(offeredTracks.Count);
            foreach (var track in offeredTracks) tracks.Add(await WithLayersAsync(track, ct));
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

        var bySsrc = new Dictionary<uint, (RelayedPublisher, int, RelayedTrack, int)>();
        foreach (var publisher in _publishers.Values)
            for (int i = 0; i < publisher.Tracks.Count; i++)
            {
                var track = publisher.Tracks[i];
                if (track.Layers.Count > 0)
                    for (int l = 0; l < track.Layers.Count; l++) bySsrc[track.Layers[l].Ssrc] = (publisher, i, track, l);
                else if (track.OriginSsrc is { } ssrc) bySsrc[ssrc] = (publisher, i, track, -1);
            }
        _bySsrc = bySsrc;
        NoteCarrying();
    }

    /// <summary>
    /// Still within its first attempt to connect to the origin (an empty link is not closed then: on a slow path the
    /// connection can take longer than the empty grace, and closing it would only start the wait over).
    /// </summary>
    public bool IsConnecting(long nowMs) => !_connected && !Failed && nowMs - _startedMs < (long)ConnectTimeout.TotalMilliseconds;

    /// <summary>
    /// How long the link has carried nobody (ms, by <see cref="Environment.TickCount64"/>): from its start (again from its connection) until the
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

    /// <summary>
    /// A simulcast video track is pulled layer by layer: the origin is told it wants none yet (the layer loop adds
    /// what local subscribers want) and answers with each layer's rid and SSRC. Other tracks arrive as they are.
    /// </summary>
    private async Task<RelayedTrack> WithLayersAsync(RelayedTrack track, CancellationToken ct)
    {
        if (track.Kind != MediaKind.Video) return track;
        try
        {
            var layers = await _origin.SetRelayLayersAsync(Room, PullerId, track.Info.TrackId, [], ct);
            if (layers.Layers.Count == 0 || layers.Layers.Count > RelayLayerSet.MaxLayers) return track;
            return track with { Layers = layers.Layers };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An origin that cannot (an older release during a rolling upgrade) sends one layer chosen for the link, as before.
            _logger.LogWarning("relay link {Room} from {Origin}: track {Track} pulled as one layer: {Reason}", Room, OriginNodeId, track.Info.TrackId, ex.Message);
            return track;
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
            Interlocked.Add(ref _bytes, packet.Length);
            Interlocked.Add(ref _payloadBytes, header.Payload.Length);
            if (target.Layer >= 0) Interlocked.Increment(ref _layerPackets[target.Layer]);
            target.Publisher.Forward(target.Index, target.Layer, packet);
            return;
        }
        // A repair sent as RTX: unwrap it into the original stream.
        foreach (var (ssrc, candidate) in map)
        {
            var media = candidate.Track.Media;
            if (candidate.Layer >= 0) continue; // layers are repaired in their own stream
            if (media.RtxPayloadType is not { } rtx || header.PayloadType != rtx || !media.RemoteSsrcs.Contains(header.Ssrc)) continue;
            if (RtxPacket.TryUnwrap(packet, media.PayloadType, ssrc, _rtxBuffer, out int length))
            {
                Interlocked.Increment(ref _packets);
                candidate.Publisher.Forward(candidate.Index, -1, _rtxBuffer.AsSpan(0, length));
            }
            return;
        }
    }

    void IMediaReceiver.OnRtcp(Span<byte> packet)
    {
        // The origin's sender reports: nothing to do with them here.
    }

    internal void RequestKeyframe(RelayedTrack track, int layer)
    {
        if (OriginSsrcOf(track, layer) is not { } ssrc) return;
        Span<byte> buffer = stackalloc byte[16];
        int length = PictureLossIndication.Write(buffer, 1, ssrc);
        _puller.SendRtcp(buffer[..length]);
    }

    private static uint? OriginSsrcOf(RelayedTrack track, int layer) =>
        layer >= 0 ? (layer < track.Layers.Count ? track.Layers[layer].Ssrc : null) : track.OriginSsrc;

    internal void RequestRetransmission(RelayedTrack track, int layer, ReadOnlySpan<ushort> lost)
    {
        if (OriginSsrcOf(track, layer) is not { } ssrc || lost.IsEmpty) return;
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
