using Microsoft.Extensions.Logging;
using RtcLive.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Cluster;

/// <summary>
/// Keeps the node's record in the cluster store: written every second (a heartbeat that lapses after 3 s), and
/// soon after anything placement or the directories care about changes (a join, a leave, a track). Writes only
/// the node's own record; a store that is down (Redis restarting) is retried at the next beat.
/// </summary>
public sealed class NodeRegistration : IAsyncDisposable
{
    private static readonly TimeSpan ChangeDelay = TimeSpan.FromMilliseconds(50);

    private readonly SfuNode _node;
    private readonly IClusterStore _store;
    private readonly NodeRegistrationOptions _options;
    private readonly ILogger _logger;
    private readonly ForwardedBitrateSampler _bitrate = new();
    private readonly ProcessCpuSampler _cpu = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private Task? _loop;
    private volatile string _state = NodeStates.Active;
    private bool _failing;

    public NodeRegistration(SfuNode node, IClusterStore store, NodeRegistrationOptions options, ILogger<NodeRegistration> logger)
    {
        _node = node;
        _store = store;
        _options = options;
        _logger = logger;
        _node.RoomEvents += OnRoomEvent;
    }

    /// <summary><see cref="NodeStates.Active"/>, or <see cref="NodeStates.Draining"/> once draining (placement skips it).</summary>
    public string State
    {
        get => _state;
        set
        {
            _state = value;
            Nudge();
        }
    }

    /// <summary>Writes the first record before returning (so the node is placeable once its host is up), then beats.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        await WriteAsync(ct);
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public NodeRecord Build()
    {
        var rooms = new List<string>();
        var tracks = new List<TrackEntry>();
        int participants = 0;
        foreach (var room in _node.Rooms)
        {
            var members = room.Participants;
            int own = 0;
            foreach (var participant in members)
            {
                // Publishers relayed from other nodes are theirs: neither load nor tracks of this node.
                if (participant.IsRelayed) continue;
                own++;
                foreach (var producer in participant.Producers)
                {
                    var rids = new List<string>(producer.Layers.Count);
                    foreach (var layer in producer.Layers)
                        if (layer.Rid is { } rid) rids.Add(rid);
                    tracks.Add(new TrackEntry(room.Id, producer.Id, participant.Id, producer.Source.ToWire(),
                        producer.Kind == MediaKind.Audio ? "audio" : "video", rids));
                }
            }
            if (own == 0) continue;
            rooms.Add(room.Id);
            participants += own;
        }
        var load = new NodeLoad(participants, tracks.Count, _bitrate.Sample(_node.Counters.RtpBytesForwarded, Environment.TickCount64), _cpu.Sample());
        return new NodeRecord(_node.Id, NodeKinds.Sfu, _node.Options.Region, Environment.ProcessId, _state, _node.Port.Mux.LocalEndPoint.ToString(),
            _options.ControlUrl, _options.RelayAddress, _options.Capacity, load, rooms, tracks, _options.Links?.Invoke() ?? [],
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // A change is written at once (after a moment, to take a burst of joins in one write); else the beat.
                if (await _changed.WaitAsync(_options.Interval, ct)) await Task.Delay(ChangeDelay, ct);
                await WriteAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        try
        {
            await _store.PutNodeAsync(Build(), _options.Ttl, ct);
            if (_failing) _logger.LogInformation("node {Node} registered again in the cluster", _node.Id);
            _failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_failing) _logger.LogWarning("node {Node} could not write its cluster record (retrying every beat): {Reason}", _node.Id, ex.Message);
            _failing = true;
        }
    }

    /// <summary>Writes the record soon (a relay link came or went).</summary>
    public void Changed() => Nudge();

    private void OnRoomEvent(RoomEvent e)
    {
        if (e is RoomEvent.ParticipantJoined or RoomEvent.ParticipantLeft or RoomEvent.TrackPublished or RoomEvent.TrackUnpublished) Nudge();
    }

    private void Nudge()
    {
        try
        {
            if (_changed.CurrentCount == 0) _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already pending.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _node.RoomEvents -= OnRoomEvent;
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _store.RemoveNodeAsync(_node.Id, timeout.Token);
        }
        catch (Exception ex)
        {
            _logger.LogDebug("node {Node} left its record to expire: {Reason}", _node.Id, ex.Message);
        }
        _stop.Dispose();
        _changed.Dispose();
    }
}
