using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RtcLive.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;
using RtcLive.Signaling.Hosting;

namespace RtcLive.Signaling.Placement;

/// <summary>
/// The nodes of the cluster registry (<see cref="IClusterStore"/>; in memory with the embedded node in embedded
/// mode, Redis in a cluster). A node's control client is opened the first time someone is placed on it and kept
/// while the node lives; a node whose event stream breaks (killed) or whose record lapses (dead, partitioned) is
/// lost at once: placement skips it and <see cref="NodeLost"/> sends its participants elsewhere.
/// </summary>
public sealed class ClusterSfuNodes : ISfuNodes, IMediaReadiness, IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FreshEnough = TimeSpan.FromMilliseconds(250);
    // Two heartbeats: by then every live node has written its record into a registry that came back empty.
    private static readonly TimeSpan RegistrySettleTime = TimeSpan.FromSeconds(2.5);

    private readonly IClusterStore _store;
    private readonly Func<ISfuNodeControl?> _local;
    private readonly string _controlToken;
    private readonly PlacementOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ISfuNodeControl> _controls = new(StringComparer.Ordinal);
    // Nodes signaling saw die (hard: never placed on while listed) and nodes clients reported (soft: skipped
    // while another node can take the participant, so one confused client cannot lock a one-node cluster).
    private readonly ConcurrentDictionary<string, long> _avoidUntilMs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _reportedUntilMs = new(StringComparer.Ordinal);
    // Rooms this instance just placed on a node, before the node's record says so (it writes a moment later).
    private readonly ConcurrentDictionary<string, (string NodeId, long AtMs)> _recentPlacements = new(StringComparer.Ordinal);
    private static readonly TimeSpan RecentPlacementMemory = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private volatile ClusterSnapshot _snapshot = new([]);
    private long _snapshotAtMs;
    private readonly string? _registryWitness;
    private long _registrySteadySinceMs;
    private Task? _loop;

    /// <param name="local">The node in this process (embedded mode), reached in-process; null in a cluster.</param>
    /// <param name="registryWitness">
    /// A record this process keeps in the registry itself (its signaling instance). A node missing from the
    /// registry counts as dead only while the witness has been listed for <see cref="RegistrySettleTime"/>: right
    /// after Redis restarts the registry is empty, and every node is about to write its record again. Null: trust
    /// every read (the in-memory registry of embedded mode cannot restart).
    /// </param>
    public ClusterSfuNodes(IClusterStore store, Func<ISfuNodeControl?> local, IOptions<RemoteSfuOptions> remote, IOptions<PlacementOptions> options,
        ILoggerFactory loggers, string? registryWitness = null)
    {
        _registryWitness = registryWitness;
        _store = store;
        _local = local;
        _controlToken = remote.Value.ControlToken;
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ClusterSfuNodes>();
    }

    public event Action<string, SfuControlEvent>? Events;

    public event Action<string>? NodeLost;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_local() is { } local) Adopt(local.NodeId, local);
        await RefreshAsync(cancellationToken);
        _loop = Task.Run(() => RefreshLoopAsync(_stop.Token), CancellationToken.None);
    }

    public async Task<ISfuNodeControl> PlaceAsync(string room, string? region, string? avoidNode, CancellationToken ct)
    {
        long now = Environment.TickCount64;
        if (!string.IsNullOrEmpty(avoidNode)) _reportedUntilMs[avoidNode] = now + (long)_options.AvoidReportedNodeFor.TotalMilliseconds;
        var snapshot = await SnapshotAsync(ct);
        var avoid = Current(_avoidUntilMs, now);
        var reported = Current(_reportedUntilMs, now);

        string wanted = string.IsNullOrWhiteSpace(region) ? _options.Region : region.Trim();
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var current = WithRecentPlacement(snapshot, room);
            var node = NodePlacement.Choose(current, room, wanted, _options, new HashSet<string>(avoid.Concat(reported), StringComparer.Ordinal))
                ?? NodePlacement.Choose(current, room, wanted, _options, avoid)
                ?? throw new SfuControlException(SfuControlError.Unavailable, "no SFU node can take you now (none is up, or all are full or draining): try again shortly");
            try
            {
                var control = await GetOrConnectAsync(node, ct);
                PlacementMetrics.Placements.WithLabels(node.Region).Inc();
                _recentPlacements[room] = (node.Id, Environment.TickCount64);
                return control;
            }
            catch (SfuControlException ex) when (ex.Error == SfuControlError.Unavailable)
            {
                _logger.LogWarning("SFU node {Node} listed but unreachable, placing elsewhere: {Reason}", node.Id, ex.Message);
                avoid.Add(node.Id);
                _avoidUntilMs[node.Id] = Environment.TickCount64 + (long)_options.AvoidReportedNodeFor.TotalMilliseconds;
            }
        }
        throw new SfuControlException(SfuControlError.Unavailable, "no reachable SFU node can take you now: try again shortly");
    }

    /// <summary>Ready while some node could take a participant.</summary>
    public bool IsReady
    {
        get
        {
            foreach (var node in _snapshot.Nodes)
                if (node.Kind == NodeKinds.Sfu && node.IsActive && node.HasRoomFor()) return true;
            return false;
        }
    }

    private static HashSet<string> Current(ConcurrentDictionary<string, long> untilMs, long now)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, until) in untilMs)
            if (until > now) set.Add(id);
            else untilMs.TryRemove(id, out _);
        return set;
    }

    /// <summary>The snapshot with the room added to the node this instance just put it on, if the record lags behind.</summary>
    private ClusterSnapshot WithRecentPlacement(ClusterSnapshot snapshot, string room)
    {
        if (!_recentPlacements.TryGetValue(room, out var recent)) return snapshot;
        if (Environment.TickCount64 - recent.AtMs > RecentPlacementMemory.TotalMilliseconds)
        {
            _recentPlacements.TryRemove(room, out _);
            return snapshot;
        }
        var nodes = new List<NodeRecord>(snapshot.Nodes.Count);
        foreach (var node in snapshot.Nodes)
            nodes.Add(node.Id == recent.NodeId && !node.Rooms.Contains(room) ? node with { Rooms = [.. node.Rooms, room] } : node);
        return new ClusterSnapshot(nodes);
    }

    public ISfuNodeControl? Get(string nodeId) => _controls.TryGetValue(nodeId, out var control) ? control : null;

    public async Task<ISfuNodeControl?> ConnectAsync(string nodeId, CancellationToken ct)
    {
        if (Get(nodeId) is { } known) return known;
        var node = (await SnapshotAsync(ct)).Find(nodeId);
        return node is null ? null : await GetOrConnectAsync(node, ct);
    }

    public async Task<ClusterSnapshot> SnapshotAsync(CancellationToken ct)
    {
        if (Environment.TickCount64 - Interlocked.Read(ref _snapshotAtMs) > FreshEnough.TotalMilliseconds) await RefreshAsync(ct);
        return _snapshot;
    }

    private async Task RefreshLoopAsync(CancellationToken ct)
    {
        bool failing = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RefreshInterval, ct);
                await RefreshAsync(ct);
                if (failing) _logger.LogInformation("reading the cluster registry works again");
                failing = false;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Once per outage: the placement in use goes on from the last good read meanwhile.
                if (!failing) _logger.LogWarning("reading the cluster registry failed (retrying every {Interval} ms with the last good read): {Reason}",
                    RefreshInterval.TotalMilliseconds, ex.Message);
                failing = true;
            }
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        ClusterSnapshot snapshot;
        try
        {
            snapshot = new ClusterSnapshot(await _store.NodesAsync(ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _registrySteadySinceMs = 0;
            throw;
        }
        _snapshot = snapshot;
        long now = Environment.TickCount64;
        Interlocked.Exchange(ref _snapshotAtMs, now);
        if (!RegistryTrusted(snapshot, now)) return;
        foreach (var id in _controls.Keys)
            if (snapshot.Find(id) is null && _local()?.NodeId != id) Lose(id, "its heartbeat lapsed");
    }

    /// <summary>May absences from this read be taken as deaths? (See the constructor's registry witness.)</summary>
    private bool RegistryTrusted(ClusterSnapshot snapshot, long now)
    {
        if (_registryWitness is null) return true;
        if (snapshot.Find(_registryWitness) is null)
        {
            if (_registrySteadySinceMs != 0) _logger.LogWarning("the cluster registry lost this instance's own record (Redis restarted?): no node is declared dead until it settles");
            _registrySteadySinceMs = 0;
            return false;
        }
        if (_registrySteadySinceMs == 0) _registrySteadySinceMs = now;
        return now - _registrySteadySinceMs >= (long)RegistrySettleTime.TotalMilliseconds;
    }

    private async Task<ISfuNodeControl> GetOrConnectAsync(NodeRecord node, CancellationToken ct)
    {
        if (_controls.TryGetValue(node.Id, out var known)) return known;
        await _connectGate.WaitAsync(ct);
        try
        {
            if (_controls.TryGetValue(node.Id, out known)) return known;
            if (string.IsNullOrEmpty(node.ControlUrl) || !Uri.TryCreate(node.ControlUrl, UriKind.Absolute, out var url))
                throw new SfuControlException(SfuControlError.Unavailable, $"node {node.Id} announces no control URL");
            var http = await HttpSfuNodeControl.OpenAsync(new HttpSfuNodeControlOptions { BaseAddress = url, Token = _controlToken },
                _loggers.CreateLogger<HttpSfuNodeControl>(), ct);
            if (http.NodeId != node.Id)
            {
                await http.DisposeAsync();
                throw new SfuControlException(SfuControlError.Unavailable, $"the control URL of node {node.Id} answers as node {http.NodeId}");
            }
            http.EventStreamChanged += up =>
            {
                if (!up) Lose(node.Id, "its event stream broke");
            };
            Adopt(node.Id, http);
            _logger.LogInformation("connected to SFU node {Node} ({Region}) at {Url}", node.Id, node.Region, node.ControlUrl);
            return http;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private readonly ConcurrentDictionary<string, Action<SfuControlEvent>> _forwarders = new(StringComparer.Ordinal);

    private void Adopt(string nodeId, ISfuNodeControl control)
    {
        Action<SfuControlEvent> forward = e => Events?.Invoke(nodeId, e);
        _forwarders[nodeId] = forward;
        control.Events += forward;
        _controls[nodeId] = control;
    }

    private void Unadopt(string nodeId, ISfuNodeControl control)
    {
        if (_forwarders.TryRemove(nodeId, out var forward)) control.Events -= forward;
    }

    private void Lose(string nodeId, string why)
    {
        if (!_controls.TryRemove(nodeId, out var control)) return;
        Unadopt(nodeId, control);
        _avoidUntilMs[nodeId] = Environment.TickCount64 + (long)_options.AvoidReportedNodeFor.TotalMilliseconds;
        _logger.LogWarning("SFU node {Node} lost: {Why}; its participants are sent elsewhere", nodeId, why);
        PlacementMetrics.Failovers.Inc();
        try
        {
            NodeLost?.Invoke(nodeId);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "a NodeLost handler failed for {Node}", nodeId);
        }
        if (control is IAsyncDisposable disposable) _ = Task.Run(async () => await disposable.DisposeAsync());
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        foreach (var (id, control) in _controls)
        {
            Unadopt(id, control);
            if (control is HttpSfuNodeControl http) await http.DisposeAsync();
            _controls.TryRemove(id, out _);
        }
    }
}
