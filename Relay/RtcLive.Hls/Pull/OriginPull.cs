using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RtcLive.Hls.Ingest;
using RtcLive.Relay;
using RtcLive.Sfu.Control;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Hls.Pull;

/// <summary>
/// Pulls one room's class from the node it is published on, for a standalone HLS worker: joins the room there as
/// the hidden participant <c>relay:{worker}</c> over the node's control API (as a node's relay link does), asks
/// for the best simulcast layer, and answers the node's offers on one DTLS-SRTP connection. Of what arrives it
/// feeds the lead's (a presenter's or moderator's) VP8 or H.264 camera and Opus microphone into the ingest; keyframe
/// requests go back to the node as PLI.
/// </summary>
internal sealed class OriginPull : IMediaReceiver, IAsyncDisposable
{
    private readonly string _room;
    private readonly ISfuNodeControl _origin;
    private readonly ClassMediaIngest _ingest;
    private readonly ILogger _logger;
    private readonly ClientPeer _peer;
    // Each offer describes the whole session: only the newest can be answered, so a backlog keeps the last few.
    private readonly Channel<SfuControlEvent.SubscriberOffer> _offers = Channel.CreateBounded<SfuControlEvent.SubscriberOffer>(
        new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<string, string> _roles = new(StringComparer.Ordinal);
    private readonly object _rolesGate = new();
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<SfuSubscribedTrack> _lastOffered = [];
    // Read on the peer's receive thread; replaced whole when the offer changes.
    private volatile Streams _streams = Streams.None;
    private Task? _loop;
    private long _packets;

    private sealed record Streams(uint? Camera, uint? Microphone, string? CameraTrack)
    {
        public static readonly Streams None = new(null, null, null);
    }

    public OriginPull(string room, string workerId, string originNodeId, ISfuNodeControl origin, ClassMediaIngest ingest, ClientPeerOptions peerOptions,
        ILogger logger)
    {
        _room = room;
        OriginNodeId = originNodeId;
        PullerId = RelayIds.Puller(workerId);
        _origin = origin;
        _ingest = ingest;
        _logger = logger;
        _peer = new ClientPeer(peerOptions) { Receiver = this };
        _peer.Ended += (_, _, why) =>
        {
            if (!_stop.IsCancellationRequested) _logger.LogWarning("HLS pull of room {Room} from node {Origin}: media connection ended: {Reason}", _room, OriginNodeId, why);
            Broken = true;
        };
    }

    public string OriginNodeId { get; }

    public string PullerId { get; }

    /// <summary>The media connection ended: the pull must be opened again (from wherever the class is now).</summary>
    public bool Broken { get; private set; }

    /// <summary>How long the pull has been reading a camera (ms, 0 while it reads none).</summary>
    public long ReadingCameraForMs(long nowMs) => Volatile.Read(ref _cameraSinceMs) is var since && since == 0 ? 0 : nowMs - since;

    private long _cameraSinceMs;

    /// <summary>RTP packets of the class received so far.</summary>
    public long Packets => Interlocked.Read(ref _packets);

    /// <summary>Joins the origin as a viewer of the best layer; media follows the origin's offers.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _origin.Events += OnOriginEvent;
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        var snapshot = await _origin.JoinAsync(_room, PullerId, PullerId, "viewer", ct);
        lock (_rolesGate)
            foreach (var participant in snapshot.Participants)
                _roles[participant.ParticipantId] = participant.Role;
        // The node's first offer can be applied before the roles above were known (it may come while the join is
        // answered): choose again now that they are, or the lead's camera would wait for the next offer.
        _offers.Writer.TryWrite(new SfuControlEvent.SubscriberOffer(_room, PullerId, "", _lastOffered));
        await _origin.SetLayerAsync(_room, PullerId, "f", ct);
        _logger.LogInformation("HLS pull of room {Room} from node {Origin} joined as {Puller}", _room, OriginNodeId, PullerId);
    }

    private void OnOriginEvent(SfuControlEvent e)
    {
        if (e.Room != _room) return;
        switch (e)
        {
            case SfuControlEvent.SubscriberOffer offer when offer.ParticipantId == PullerId:
                _offers.Writer.TryWrite(offer);
                break;
            case SfuControlEvent.ParticipantJoined joined:
                SetRole(joined.Participant.ParticipantId, joined.Participant.Role);
                break;
            case SfuControlEvent.RoleChanged changed:
                SetRole(changed.Participant.ParticipantId, changed.Participant.Role);
                break;
            case SfuControlEvent.ParticipantLeft left:
                lock (_rolesGate) _roles.Remove(left.Participant.ParticipantId);
                break;
        }
    }

    private void SetRole(string participantId, string role)
    {
        bool changed;
        lock (_rolesGate)
        {
            changed = !_roles.TryGetValue(participantId, out string? before) || before != role;
            _roles[participantId] = role;
        }
        // A promotion can make someone the lead: choose again from the latest offer (on the loop, in order).
        if (changed) _offers.Writer.TryWrite(new SfuControlEvent.SubscriberOffer(_room, PullerId, "", _lastOffered));
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
                    if (offer.Sdp.Length > 0)
                    {
                        string answer = _peer.AcceptOffer(offer.Sdp);
                        await _origin.AnswerSubscriptionAsync(_room, PullerId, answer, ct);
                        _lastOffered = offer.Tracks;
                        if (!connected)
                        {
                            await _peer.ConnectAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
                            connected = true;
                        }
                    }
                    Choose(_lastOffered);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning("HLS pull of room {Room} from node {Origin}: could not apply the node's offer: {Reason}", _room, OriginNodeId, ex.Message);
                    if (!connected) Broken = true;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Closing.
        }
    }

    /// <summary>The lead's camera and microphone among the offered tracks (VP8 or H.264, and Opus: what the ingest reads).</summary>
    private void Choose(IReadOnlyList<SfuSubscribedTrack> offered)
    {
        SfuSubscribedTrack? camera = null, microphone = null;
        VideoCodec codec = VideoCodec.Vp8;
        foreach (var track in offered)
        {
            if (RelayIds.IsPuller(track.ParticipantId) || !Leads(track.ParticipantId) || _peer.FindMedia(track.Mid) is not { } media) continue;
            if (camera is null && track.Source == "camera" && VideoCodecName.Parse(media.Codec.Name) is { } video)
            {
                camera = track;
                codec = video;
            }
            if (microphone is null && track.Source == "microphone" && media.Codec.Name.Equals("opus", StringComparison.OrdinalIgnoreCase)) microphone = track;
        }
        var before = _streams;
        var now = new Streams(SsrcOf(camera), SsrcOf(microphone), camera?.TrackId);
        _streams = now;
        if (before.CameraTrack == now.CameraTrack && before.Camera == now.Camera) return;
        Volatile.Write(ref _cameraSinceMs, now.Camera is null ? 0 : Math.Max(1, Environment.TickCount64));
        _ingest.SetVideoSource(now.Camera is { } ssrc ? new KeyframeRequests(this, ssrc, codec) : null);
        _logger.LogInformation("HLS pull of room {Room} from node {Origin}: {What}", _room, OriginNodeId,
            camera is null ? "no lead camera (waiting for one)" : $"reading {camera.ParticipantId}'s camera {camera.TrackId}");
    }

    private bool Leads(string participantId)
    {
        lock (_rolesGate) return _roles.TryGetValue(participantId, out string? role) && role is "presenter" or "moderator";
    }

    private uint? SsrcOf(SfuSubscribedTrack? track) =>
        track is not null && _peer.FindMedia(track.Mid) is { RemoteSsrcs.Count: > 0 } media ? media.RemoteSsrcs[0] : null;

    void IMediaReceiver.OnRtp(Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header)) return;
        var streams = _streams;
        if (header.Ssrc == streams.Camera)
        {
            Interlocked.Increment(ref _packets);
            _ingest.OnVideoRtp(0, header.SequenceNumber, header.Timestamp, header.Marker, header.Payload);
        }
        else if (header.Ssrc == streams.Microphone)
        {
            Interlocked.Increment(ref _packets);
            _ingest.OnAudioRtp(header.Timestamp, header.Payload);
        }
    }

    void IMediaReceiver.OnRtcp(Span<byte> packet)
    {
        // The node's sender reports: the ingest keeps its own clock.
    }

    private void RequestKeyframe(uint ssrc)
    {
        Span<byte> buffer = stackalloc byte[16];
        int length = PictureLossIndication.Write(buffer, 1, ssrc);
        _peer.SendRtcp(buffer[..length]);
    }

    /// <summary>The camera as the ingest sees it: one stream (the node picks the layer), keyframes on request.</summary>
    private sealed class KeyframeRequests(OriginPull pull, uint ssrc, VideoCodec codec) : IVideoSourceControl
    {
        public VideoCodec Codec => codec;

        public int LayerCount => 1;

        public bool IsLayerActive(int layer) => layer == 0;

        public void RequestKeyframe(int layer) => pull.RequestKeyframe(ssrc);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _origin.Events -= OnOriginEvent;
        await _stop.CancelAsync();
        _offers.Writer.TryComplete();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (_streams.Camera is not null) _ingest.SetVideoSource(null);
        _streams = Streams.None;
        _peer.Dispose();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _origin.LeaveAsync(_room, PullerId, "HLS pull closed", timeout.Token);
        }
        catch (Exception ex)
        {
            _logger.LogDebug("HLS pull of room {Room}: leaving node {Origin}: {Reason}", _room, OriginNodeId, ex.Message);
        }
        _logger.LogInformation("HLS pull of room {Room} from node {Origin} closed ({Packets} packets)", _room, OriginNodeId, Packets);
    }
}
