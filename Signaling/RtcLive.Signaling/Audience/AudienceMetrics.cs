using Prometheus;

namespace RtcLive.Signaling.Audience;

/// <summary>What taking part over HLS costs signaling (and nothing else): members held here, joins, refusals.</summary>
public static class AudienceMetrics
{
    public static readonly Gauge Members = Metrics.CreateGauge("rtclive_hls_participants",
        "Participants taking part in a class over HLS (chat, hands, no SFU node) whose connection this signaling instance holds.");

    public static readonly Counter Joins = Metrics.CreateCounter("rtclive_hls_joins_total", "Joins without media (over HLS) accepted.");

    public static readonly Counter Refused = Metrics.CreateCounter("rtclive_hls_joins_refused_total",
        "Joins without media refused, by reason (role).", new CounterConfiguration { LabelNames = ["reason"] });
}
