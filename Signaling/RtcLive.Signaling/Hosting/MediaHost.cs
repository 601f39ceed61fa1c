using Microsoft.Extensions.Options;
using Prometheus;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Echo;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// Owns the node's media port: the UDP mux, the DTLS certificate and, for now, the echo endpoint. Started
/// before the HTTP server takes requests; <see cref="IsReady"/> backs <c>/readyz</c>.
/// </summary>
public sealed class MediaHost : IHostedService, IDisposable
{
    private static readonly Gauge EchoSessions = Metrics.CreateGauge("rtclive_echo_sessions", "Peers connected to the loopback test.");
    private static readonly Counter DatagramsReceived = Metrics.CreateCounter("rtclive_udp_datagrams_received_total", "Datagrams read from the media port.");
    private static readonly Counter DatagramsDropped = Metrics.CreateCounter("rtclive_udp_datagrams_dropped_total",
        "Datagrams dropped at the media port, by reason.", new CounterConfiguration { LabelNames = ["reason"] });

    private readonly MediaOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<MediaHost> _logger;
    private UdpMux? _mux;
    private EchoEndpoint? _echo;

    public MediaHost(IOptions<MediaOptions> options, ILoggerFactory loggers)
    {
        _options = options.Value;
        _loggers = loggers;
        _logger = loggers.CreateLogger<MediaHost>();
    }

    public bool IsReady => _mux is not null;

    public EchoEndpoint Echo => _echo ?? throw new InvalidOperationException("the media port is not open yet");

    public UdpMux Mux => _mux ?? throw new InvalidOperationException("the media port is not open yet");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var certificate = DtlsCertificate.Generate();
        // The first handshake in a process pays for JIT; pay it now rather than in a user's first connection.
        var warmup = await DtlsWarmup.RunAsync(cancellationToken);
        _mux = new UdpMux(new UdpMuxOptions { Bind = _options.ParseBind() }, _loggers.CreateLogger<UdpMux>());
        _mux.Start();
        _echo = new EchoEndpoint(_mux, certificate, _options.ParseAnnounced(), maxSessions: _options.MaxEchoSessions,
            logger: _loggers.CreateLogger<EchoEndpoint>());
        Metrics.DefaultRegistry.AddBeforeCollectCallback(PublishMetrics);
        _logger.LogInformation("media on udp://{Endpoint} (DTLS warm-up {Ms:F0} ms, certificate {Fingerprint})",
            _mux.LocalEndPoint, warmup.TotalMilliseconds, certificate.Fingerprint);
    }

    private void PublishMetrics()
    {
        if (_mux is null || _echo is null) return;
        var c = _mux.Counters;
        EchoSessions.Set(_echo.ActiveSessions);
        DatagramsReceived.IncTo(c.Received);
        DatagramsDropped.WithLabels("unknown_kind").IncTo(c.UnknownKind);
        DatagramsDropped.WithLabels("unbound_address").IncTo(c.UnboundAddress);
        DatagramsDropped.WithLabels("stun_without_session").IncTo(c.StunWithoutSession);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _echo?.Dispose();
        _mux?.Dispose();
        _echo = null;
        _mux = null;
    }
}
