using System.Net;
using Microsoft.Extensions.Logging;
using RtcLive.Cluster;
using RtcLive.Hls.Ingest;
using RtcLive.Sfu.Control.Http;
using RtcLive.WebRtc.Client;

namespace RtcLive.Hls.Pull;

/// <summary>
/// A standalone HLS worker's media source: a room's class is pulled from the SFU node its camera is published on
/// (the cluster's track directory says which), over that node's control API and a DTLS-SRTP connection
/// (<see cref="OriginPull"/>). The worker looks again every <see cref="HlsWorkerOptions.ReplanInterval"/>: a class
/// not published yet is picked up when it is, and one whose node died or moved is pulled again from where it is now.
/// </summary>
public sealed class ClusterRelaySource(IClusterStore store, HlsWorkerOptions options, ILoggerFactory loggers) : IHlsMediaSource
{
    public IDisposable Open(string room, ClassMediaIngest ingest) => new RoomFeed(room, ingest, store, options, loggers);

    /// <summary>The node to pull <paramref name="room"/> from: one that publishes a camera in it (the lowest id, so every worker agrees).</summary>
    public static NodeRecord? OriginOf(ClusterSnapshot snapshot, string room)
    {
        NodeRecord? best = null;
        foreach (var (node, track) in snapshot.TracksOfRoom(room))
        {
            if (node.Kind != NodeKinds.Sfu || track.Source != "camera" || track.Kind != "video") continue;
            if (best is null || string.CompareOrdinal(node.Id, best.Id) < 0) best = node;
        }
        return best;
    }

    /// <summary>
    /// A pull that reads the camera this long without one keyframe is opened again, as a fresh subscriber at the node.
    /// A safety net: it once caught an ingest that asked for a keyframe only once (fixed in <see cref="ClassMediaIngest"/>);
    /// a new pull starts on a keyframe whatever kept the old one from getting it.
    /// </summary>
    private static readonly TimeSpan FirstKeyframeWait = TimeSpan.FromSeconds(10);

    private sealed class RoomFeed : IDisposable
    {
        private readonly string _room;
        private readonly ClassMediaIngest _ingest;
        private readonly IClusterStore _store;
        private readonly HlsWorkerOptions _options;
        private readonly ILoggerFactory _loggers;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private OriginPull? _pull;
        private HttpSfuNodeControl? _control;
        private long _packetsCounted;
        private string? _lastProblem;

        public RoomFeed(string room, ClassMediaIngest ingest, IClusterStore store, HlsWorkerOptions options, ILoggerFactory loggers)
        {
            _room = room;
            _ingest = ingest;
            _store = store;
            _options = options;
            _loggers = loggers;
            _logger = loggers.CreateLogger<ClusterRelaySource>();
            _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        private async Task RunAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await ReplanAsync(ct);
                    _lastProblem = null;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // Said once per distinct problem: a node that stays unreachable does not flood the log.
                    if (ex.Message != _lastProblem) _logger.LogWarning("HLS pull of room {Room}: {Reason}; trying again", _room, ex.Message);
                    _lastProblem = ex.Message;
                    await CloseAsync();
                }
                CountPackets();
                try
                {
                    await Task.Delay(_options.ReplanInterval, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            await CloseAsync();
        }

        private async Task ReplanAsync(CancellationToken ct)
        {
            var snapshot = new ClusterSnapshot(await _store.NodesAsync(ct));
            var origin = OriginOf(snapshot, _room);
            if (_pull is { } pull)
            {
                string? why = pull.Broken ? "its media connection ended"
                    : _control is { IsConnected: false } ? "the node's control connection broke"
                    : snapshot.Find(pull.OriginNodeId) is null ? "the node left the cluster"
                    : origin is not null && origin.Id != pull.OriginNodeId ? $"the class is published on node {origin.Id} now"
                    : null;
                bool keyframeStall = why is null && _ingest.SourceHeight == 0
                    && pull.ReadingCameraForMs(Environment.TickCount64) > FirstKeyframeWait.TotalMilliseconds;
                if (keyframeStall)
                    why = $"no keyframe of the camera in {FirstKeyframeWait.TotalSeconds:0} s ({pull.Packets} packets pulled; {_ingest.DescribeVideo()})";
                if (why is null) return;
                _logger.LogWarning("HLS pull of room {Room} from node {Origin} ends: {Why}", _room, pull.OriginNodeId, why);
                HlsMetrics.RelayReplans.Inc();
                if (keyframeStall) HlsMetrics.RelayKeyframeStalls.Inc();
                await CloseAsync();
            }
            if (origin is null) return; // no camera published yet: the class has not started

            using var connect = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            if (!Uri.TryCreate(origin.ControlUrl, UriKind.Absolute, out var url))
                throw new InvalidOperationException($"node {origin.Id} announces no usable control URL ('{origin.ControlUrl}')");
            var control = await HttpSfuNodeControl.OpenAsync(new HttpSfuNodeControlOptions { BaseAddress = url, Token = _options.ControlToken },
                _loggers.CreateLogger<HttpSfuNodeControl>(), connect.Token);
            _control = control;
            var next = new OriginPull(_room, _options.Id, origin.Id, control, _ingest, PeerOptions(), _loggers.CreateLogger<OriginPull>());
            _pull = next;
            HlsMetrics.RelayPulls.Inc();
            await next.StartAsync(connect.Token);
        }

        private ClientPeerOptions PeerOptions()
        {
            var local = IPAddress.Parse(_options.MediaAddress);
            return new ClientPeerOptions
            {
                LocalEndPoint = new IPEndPoint(local, 0),
                AnnouncedAddress = _options.AnnouncedAddress.Length > 0 ? IPAddress.Parse(_options.AnnouncedAddress) : null,
                Logger = _loggers.CreateLogger<ClientPeer>(),
            };
        }

        private void CountPackets()
        {
            long now = _pull?.Packets ?? 0;
            if (now > _packetsCounted) HlsMetrics.RelayPackets.Inc(now - _packetsCounted);
            _packetsCounted = now;
        }

        private async Task CloseAsync()
        {
            CountPackets();
            _packetsCounted = 0;
            if (_pull is { } pull)
            {
                _pull = null;
                HlsMetrics.RelayPulls.Dec();
                await pull.DisposeAsync();
            }
            if (_control is { } control)
            {
                _control = null;
                await control.DisposeAsync();
            }
        }

        public void Dispose()
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            // Leaving the node takes a round trip; the room's worker is not held up by it.
            _ = _loop.ContinueWith(t => _stop.Dispose(), TaskScheduler.Default);
        }
    }
}
