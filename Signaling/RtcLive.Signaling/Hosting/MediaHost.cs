using Microsoft.Extensions.Options;
using Prometheus;
using RtcLive.Cluster;
using RtcLive.Sfu.Cluster;
using RtcLive.Hls.Ingest;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Echo;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// Owns the embedded SFU node (id <c>local</c>) and with it the media port: the loopback test's echo endpoint
/// shares the node's UDP mux and certificate, so one port carries everything. Started before the HTTP server
/// takes requests; <see cref="IsReady"/> backs <c>/readyz</c>.
/// </summary>
public sealed class MediaHost : IHostedService, IMediaReadiness, IDisposable
{
    /// <summary>The id of the one node of embedded mode, as the web client's stats and <c>/api/cluster</c> show it.</summary>
    public const string EmbeddedNodeId = "local";

    private static readonly Gauge EchoSessions = Metrics.CreateGauge("rtclive_echo_sessions", "Peers connected to the loopback test.");

    private readonly MediaOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<MediaHost> _logger;
    private SfuNode? _node;
    private LocalSfuNodeControl? _control;
    private EchoEndpoint? _echo;
    private SfuMetrics? _sfuMetrics;
    private NodeRegistration? _registration;
    private NodeDrain? _drain;
    private readonly IClusterStore _cluster;

    private readonly string _region;

    private readonly SfuLimits _limits;

    public MediaHost(IOptions<MediaOptions> options, IOptions<SfuLimits> limits, IConfiguration configuration, IClusterStore cluster,
        ILoggerFactory loggers)
    {
        _limits = limits.Value;
        _cluster = cluster;
        _options = options.Value;
        _region = configuration["RtcLive:Region"] is { Length: > 0 } region ? region : "local";
        _loggers = loggers;
        _logger = loggers.CreateLogger<MediaHost>();
    }

    public bool IsReady => _node is not null && _drain?.IsDraining != true;

    public EchoEndpoint Echo => _echo ?? throw NotOpen();

    /// <summary>
    /// The embedded HLS worker's media: taps on this node's rooms (a node-side facility this host wires), so the
    /// worker reads the class in-process without being a participant.
    /// </summary>
    public IHlsMediaSource HlsSource => new NodeTapMediaSource(_node ?? throw NotOpen());

    /// <summary>The node's control API: the only way signaling reaches the node (DESIGN.md), even in one process.</summary>
    public ISfuNodeControl Control => _control ?? throw NotOpen();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first handshake in a process pays for JIT; pay it now rather than in a user's first connection.
        var warmup = await DtlsWarmup.TryRunAsync(
            ex => _logger.LogWarning("DTLS warm-up failed ({Reason}): the first real handshake pays for the JIT instead", ex.Message),
            cancellationToken) ?? TimeSpan.Zero;
        var node = new SfuNode(new SfuNodeOptions
        {
            NodeId = EmbeddedNodeId,
            Region = _region,
            MediaBind = _options.ParseBind(),
            SendBatch = _options.SendBatch,
            AnnouncedAddress = _options.ParseAnnounced(),
            Limits = _limits,
            IceTcp = _options.ParseIceTcp(),
        }, _loggers);
        node.Start();
        _echo = new EchoEndpoint(node.Port.Mux, node.Port.Certificate, _options.ParseAnnounced(), maxSessions: _options.MaxEchoSessions,
            logger: _loggers.CreateLogger<EchoEndpoint>());
        _control = new LocalSfuNodeControl(node, _loggers.CreateLogger<LocalSfuNodeControl>());
        _sfuMetrics = new SfuMetrics(node);
        _node = node;
        Metrics.DefaultRegistry.AddBeforeCollectCallback(PublishMetrics);
        // The embedded node is in the (in-memory) registry like any cluster node: placement and /api/cluster read it there.
        // Its record cannot outlive the process that reads it: no expiry to lapse when a loaded machine delays a beat.
        // Its placement capacity is the node's hard cap: a cluster node's lower capacity steers joins to other nodes,
        // but this one is alone, and the registration's default (500) refused a 600-viewer class the node holds.
        _registration = new NodeRegistration(node, _cluster,
            new NodeRegistrationOptions { Ttl = TimeSpan.FromDays(1), Capacity = _limits.MaxParticipantsPerNode },
            _loggers.CreateLogger<NodeRegistration>());
        _drain = new NodeDrain(node, _control, _loggers.CreateLogger<NodeDrain>()) { Registration = _registration };
        await _registration.StartAsync(cancellationToken);
        _logger.LogInformation("media on udp://{Endpoint} (SFU node {Node}, DTLS warm-up {Ms:F0} ms, certificate {Fingerprint})",
            node.Port.Mux.LocalEndPoint, node.Id, warmup.TotalMilliseconds, node.Port.Certificate.Fingerprint);
    }

    private void PublishMetrics()
    {
        // The registry is process-wide and keeps its callbacks: a stopped host must publish nothing.
        if (_node is null || _echo is not { } echo) return;
        EchoSessions.Set(echo.ActiveSessions);
        _sfuMetrics?.Publish();
    }

    private static InvalidOperationException NotOpen() => new("the media port is not open yet");

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registration is { } registration)
        {
            _registration = null;
            await registration.DisposeAsync();
        }
        Dispose();
    }

    public void Dispose()
    {
        var node = _node;
        _node = null;
        _drain?.Dispose();
        _drain = null;
        _control?.Dispose();
        _echo?.Dispose();
        node?.Dispose();
        _control = null;
        _echo = null;
        _sfuMetrics = null;
    }
}
