using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Prometheus;
using RtcLive.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;

namespace RtcLive.Relay;

/// <summary>
/// The relay links of one node: opened when signaling asks the node to pull a room from another node (because
/// a participant here needs what is published there), closed when nobody here needs them any more (no own
/// participant left in the room) or the origin is gone. One control client per origin node, shared by its links.
/// </summary>
public sealed class RelayManager : IAsyncDisposable
{
    private static readonly Gauge Links = Metrics.CreateGauge("rtclive_relay_links", "Relay links this node pulls.");
    private static readonly Counter RelayPackets = Metrics.CreateCounter("rtclive_relay_packets_total", "RTP packets received over relay links.");
    private static readonly Counter RelayBytes = Metrics.CreateCounter("rtclive_relay_bytes_total",
        "RTP bytes received over relay links (header and payload; the SRTP tag and UDP/IP headers are not counted).");
    private static readonly Counter RelayPayloadBytes = Metrics.CreateCounter("rtclive_relay_payload_bytes_total",
        "Of rtclive_relay_bytes_total, the media: RTP payload bytes.");
    // Labelled by layer only (q, h, f): per link or per room would grow without bound.
    private static readonly Counter LayerPackets = Metrics.CreateCounter("rtclive_relay_layer_packets_total",
        "RTP packets of simulcast tracks received over relay links, by layer.", "layer");
    private static readonly Gauge LayersPulled = Metrics.CreateGauge("rtclive_relay_layers_pulled",
        "Simulcast tracks whose layer this node pulls over its relay links now, by layer.", "layer");
    private static readonly string[] LayerNames = ["q", "h", "f"];
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(2);

    // A link that carries nobody (the origin's publishers left, or all it offers is here already) closes after
    // this; a new publish there opens it again. Long enough for a new link's first offer to arrive.
    private static readonly TimeSpan EmptyLinkGrace = TimeSpan.FromSeconds(10);

    private readonly SfuNode _node;
    private readonly LocalSfuNodeControl _local;
    private readonly string _controlToken;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Room, string Origin), RelayLink> _links = new();
    private readonly ConcurrentDictionary<string, HttpSfuNodeControl> _origins = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _idleLoop;
    private long _packetsSeen;
    private long _bytesSeen;
    private long _payloadBytesSeen;
    private readonly long[] _layerPacketsSeen = new long[Layers.RelayLayerSet.MaxLayers];
    private readonly int[] _layersPulledSeen = new int[Layers.RelayLayerSet.MaxLayers];

    public RelayManager(SfuNode node, LocalSfuNodeControl local, string controlToken, ILoggerFactory loggers)
    {
        _node = node;
        _local = local;
        _controlToken = controlToken;
        _loggers = loggers;
        _logger = loggers.CreateLogger<RelayManager>();
        _local.PullRequested += PullAsync;
        _idleLoop = Task.Run(() => CloseIdleLoopAsync(_stop.Token));
        Metrics.DefaultRegistry.AddBeforeCollectCallback(Publish);
    }

    /// <summary>Raised when a link opens or closes (the node's registry record lists its links).</summary>
    public event Action? Changed;

    public IReadOnlyList<LinkEntry> LinkEntries
    {
        get
        {
            var entries = new List<LinkEntry>();
            foreach (var key in _links.Keys) entries.Add(new LinkEntry(key.Room, key.Origin, _node.Id));
            return entries;
        }
    }

    private async Task PullAsync(string room, string origin, string originControlUrl, CancellationToken ct)
    {
        if (_links.ContainsKey((room, origin))) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_links.ContainsKey((room, origin))) return;
            var control = await OriginAsync(origin, originControlUrl, ct);
            var link = new RelayLink(room, origin, control, _node, _local, _loggers);
            await link.StartAsync(ct);
            _links[(room, origin)] = link;
            Links.Inc();
        }
        catch (SfuControlException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SfuControlException(SfuControlError.Unavailable, $"could not pull room {room} from node {origin}: {ex.Message}", ex);
        }
        finally
        {
            _gate.Release();
        }
        Changed?.Invoke();
    }

    private async Task<HttpSfuNodeControl> OriginAsync(string origin, string url, CancellationToken ct)
    {
        if (_origins.TryGetValue(origin, out var known) && known.IsConnected) return known;
        if (known is not null)
        {
            _origins.TryRemove(origin, out _);
            await known.DisposeAsync();
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
            throw new SfuControlException(SfuControlError.InvalidArgument, $"'{url}' is not the control URL of node {origin}");
        var control = await HttpSfuNodeControl.OpenAsync(new HttpSfuNodeControlOptions { BaseAddress = address, Token = _controlToken },
            _loggers.CreateLogger<HttpSfuNodeControl>(), ct);
        _origins[origin] = control;
        return control;
    }

    /// <summary>
    /// Whether <paramref name="participant"/> keeps the link from <paramref name="origin"/> open: a person here, or
    /// a node downstream pulling from here (the cascade, an HLS worker), but not the origin's own puller, which
    /// only wants what is published here and would otherwise keep two nodes pulling from each other forever.
    /// </summary>
    internal static bool NeedsLink(Participant participant, string origin) =>
        !participant.IsRelayed && participant.Id != RelayIds.Puller(origin);

    private async Task CloseIdleLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(IdleCheck, ct);
                foreach (var (key, link) in _links)
                {
                    bool wanted = _node.TryGetRoom(key.Room, out var room) && room.Participants.Any(p => NeedsLink(p, key.Origin));
                    long nowMs = Environment.TickCount64;
                    bool empty = !link.IsConnecting(nowMs) && link.EmptyForMs(nowMs) >= EmptyLinkGrace.TotalMilliseconds;
                    bool originAlive = _origins.TryGetValue(key.Origin, out var origin) && origin.IsConnected;
                    bool failed = link.Failed, carried = link.Packets > 0;
                    if (wanted && !empty && !failed && originAlive) continue;
                    if (!_links.TryRemove(key, out _)) continue;
                    Links.Dec();
                    await link.DisposeAsync();
                    Changed?.Invoke();
                    // A link that broke, or never brought anything, while people here still wait for the room: open it
                    // again rather than leave them without media until someone joins or publishes (which re-plans).
                    if (wanted && originAlive && (failed || !carried))
                    {
                        _logger.LogWarning("relay link {Room} from {Origin} {What}: opening it again", key.Room, key.Origin,
                            failed ? "failed" : "brought nothing");
                        try
                        {
                            await PullAsync(key.Room, key.Origin, origin!.BaseAddress.ToString(), ct);
                        }
                        catch (SfuControlException ex)
                        {
                            _logger.LogWarning("relay link {Room} from {Origin} could not be opened again: {Reason}", key.Room, key.Origin, ex.Message);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning("closing idle relay links failed: {Reason}", ex.Message);
            }
        }
    }

    private void Publish()
    {
        long total = 0;
        foreach (var link in _links.Values) total += link.Packets;
        // Links come and go with their counts; only the growth of the live ones is added.
        long seen = Interlocked.Exchange(ref _packetsSeen, total);
        if (total > seen) RelayPackets.Inc(total - seen);
        long bytes = 0, payload = 0;
        foreach (var link in _links.Values)
        {
            bytes += link.Bytes;
            payload += link.PayloadBytes;
        }
        long bytesSeen = Interlocked.Exchange(ref _bytesSeen, bytes);
        if (bytes > bytesSeen) RelayBytes.Inc(bytes - bytesSeen);
        long payloadSeen = Interlocked.Exchange(ref _payloadBytesSeen, payload);
        if (payload > payloadSeen) RelayPayloadBytes.Inc(payload - payloadSeen);
        for (int layer = 0; layer < LayerNames.Length; layer++)
        {
            long layerTotal = 0;
            int pulled = 0;
            foreach (var link in _links.Values)
            {
                layerTotal += link.LayerPackets(layer);
                pulled += link.LayersPulled(layer);
            }
            long layerSeen = Interlocked.Exchange(ref _layerPacketsSeen[layer], layerTotal);
            // Touched even at 0, so the series exist from the start (a dashboard sees "no f packets", not "no data").
            LayerPackets.WithLabels(LayerNames[layer]).Inc(Math.Max(0, layerTotal - layerSeen));
            // Added as a change, like the links gauge: every manager of the process (tests run several nodes in one) adds its own.
            int pulledSeen = Interlocked.Exchange(ref _layersPulledSeen[layer], pulled);
            LayersPulled.WithLabels(LayerNames[layer]).Inc(pulled - pulledSeen);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _local.PullRequested -= PullAsync;
        await _stop.CancelAsync();
        await _idleLoop.ConfigureAwait(false);
        foreach (var link in _links.Values)
        {
            Links.Dec();
            await link.DisposeAsync();
        }
        _links.Clear();
        foreach (var origin in _origins.Values) await origin.DisposeAsync();
        _origins.Clear();
    }
}
