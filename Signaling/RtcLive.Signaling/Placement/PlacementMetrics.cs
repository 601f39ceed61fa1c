using Prometheus;

namespace RtcLive.Signaling.Placement;

/// <summary>Placement and failover, for Prometheus.</summary>
public static class PlacementMetrics
{
    public static readonly Counter Placements = Metrics.CreateCounter("rtclive_placements_total",
        "Participants placed on a node, by the node's region.", new CounterConfiguration { LabelNames = ["region"] });

    public static readonly Counter Failovers = Metrics.CreateCounter("rtclive_failovers_total",
        "Nodes lost while signaling used them (their participants were sent to rejoin elsewhere).");
}
