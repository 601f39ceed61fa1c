using Prometheus;

namespace RtcLive.Hls;

/// <summary>The HLS worker's Prometheus metrics (the names).</summary>
public static class HlsMetrics
{
    /// <summary>
    /// Creates every HLS metric now, so /metrics lists them (at zero) from the start and not only once a viewer or a
    /// pull first touched this class (dashboards and alerts query them before anything happened).
    /// </summary>
    public static void Register() => System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(HlsMetrics).TypeHandle);

    public static readonly Gauge Viewers = Metrics.CreateGauge("rtclive_hls_viewers", "HLS viewers now (clients that asked for a playlist lately).");

    public static readonly Counter SegmentsWritten = Metrics.CreateCounter("rtclive_hls_segments_written_total", "HLS segments completed, all rungs.");

    public static readonly Gauge TranscodeSpeed = Metrics.CreateGauge("rtclive_hls_transcode_speed",
        "ffmpeg's speed per room's transcode (1.0 = realtime; a live input cannot go faster).", new GaugeConfiguration { LabelNames = ["room"] });

    public static readonly Counter Restarts = Metrics.CreateCounter("rtclive_hls_restarts_total", "ffmpeg restarted after it died mid-class.");

    public static readonly Gauge RelayPulls = Metrics.CreateGauge("rtclive_hls_relay_pulls",
        "Rooms a standalone HLS worker pulls from SFU nodes now (one media connection each).");

    public static readonly Counter RelayPackets = Metrics.CreateCounter("rtclive_hls_relay_packets_total",
        "RTP packets of classes a standalone HLS worker received from SFU nodes.");

    public static readonly Counter RelayReplans = Metrics.CreateCounter("rtclive_hls_relay_replans_total",
        "Pulls opened again elsewhere: the class moved to another node, or the node or its connection was lost.");

    public static readonly Counter RelayKeyframeStalls = Metrics.CreateCounter("rtclive_hls_relay_keyframe_stalls_total",
        "Pulls opened again because the camera they read brought no keyframe in 10 s (also counted in rtclive_hls_relay_replans_total).");
}
