using Microsoft.Extensions.Options;
using Prometheus;
using RtcLive.Relay;
using RtcLive.Sfu.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;
using RtcLive.WebRtc.Dtls;

namespace RtcLive.SfuNode.Hosting;

/// <summary>
/// Owns this process's SFU node: opens its media port before the control API takes calls, publishes its metrics
/// at each scrape, and closes it at shutdown. <see cref="IsReady"/> backs <c>/readyz</c>.
/// </summary>
public sealed class NodeHost : IHostedService, IDisposable
{
    private readonly NodeOptions _options;
    private readonly MediaOptions _media;
    private readonly SfuLimits _limits;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<NodeHost> _logger;
    private RtcLive.Sfu.Node.SfuNode? _node;
    private LocalSfuNodeControl? _control;
    private SfuMetrics? _metrics;
    private NodeDrain? _drain;
    private RelayManager? _relay;

    public NodeHost(IOptions<NodeOptions> options, IOptions<MediaOptions> media, IOptions<SfuLimits> limits, ILoggerFactory loggers)
    {
        _limits = limits.Value;
        _options = options.Value;
        _media = media.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<NodeHost>();
    }

    /// <summary>Ready while the node runs and is not draining (Kubernetes stops sending work on a drain).</summary>
    public bool IsReady => _node is not null && _drain?.IsDraining != true;

    public RtcLive.Sfu.Node.SfuNode Node => _node ?? throw new InvalidOperationException("the SFU node is not started yet");

    public NodeDrain Drain => _drain ?? throw new InvalidOperationException("the SFU node is not started yet");

    /// <summary>The relay links this node pulls from other nodes.</summary>
    public RelayManager Relay => _relay ?? throw new InvalidOperationException("the SFU node is not started yet");

    public int Capacity => _options.Capacity;

    /// <summary>The node's control API in this process; the HTTP endpoints pass every call to it.</summary>
    public ISfuNodeControl Control => _control ?? throw new InvalidOperationException("the SFU node is not started yet");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first handshake in a process pays for JIT; pay it now rather than in a user's first connection.
        var warmup = await DtlsWarmup.TryRunAsync(
            ex => _logger.LogWarning("DTLS warm-up failed ({Reason}): the first real handshake pays for the JIT instead", ex.Message),
            cancellationToken) ?? TimeSpan.Zero;
        var node = new RtcLive.Sfu.Node.SfuNode(new SfuNodeOptions
        {
            NodeId = _options.Id,
            Region = _options.Region,
            MediaBind = _media.ParseBind(),
            SendBatch = _media.SendBatch,
            AnnouncedAddress = _media.ParseAnnounced(),
            Limits = _limits,
            IceTcp = _media.ParseIceTcp(),
        }, _loggers);
        node.Start();
        _control = new LocalSfuNodeControl(node, _loggers.CreateLogger<LocalSfuNodeControl>());
        _drain = new NodeDrain(node, _control, _loggers.CreateLogger<NodeDrain>());
        _relay = new RelayManager(node, _control, _options.ControlToken, _loggers);
        _metrics = new SfuMetrics(node);
        _node = node;
        Metrics.DefaultRegistry.AddBeforeCollectCallback(PublishMetrics);
        _logger.LogInformation("SFU node {Node} (region {Region}) media on udp://{Endpoint}, DTLS warm-up {Ms:F0} ms, certificate {Fingerprint}",
            node.Id, _options.Region, node.Port.Mux.LocalEndPoint, warmup.TotalMilliseconds, node.Port.Certificate.Fingerprint);
    }

    private void PublishMetrics()
    {
        // The registry is process-wide and keeps its callbacks: a stopped host must publish nothing.
        if (_node is not null) _metrics?.Publish();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_relay is { } relay)
        {
            _relay = null;
            await relay.DisposeAsync();
        }
        Dispose();
    }

    public void Dispose()
    {
        var node = _node;
        _node = null;
        _drain?.Dispose();
        _control?.Dispose();
        node?.Dispose();
        _drain = null;
        _control = null;
        _metrics = null;
    }
}
