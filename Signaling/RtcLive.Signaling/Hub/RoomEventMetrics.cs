using Prometheus;

namespace RtcLive.Signaling.Hubs;

/// <summary>The relay of node events to clients, for Prometheus.</summary>
public static class RoomEventMetrics
{
    public static readonly Counter Dropped = Metrics.CreateCounter("rtclive_room_events_dropped_total",
        "Node events signaling dropped because its dispatch queue was full (the dispatcher is stuck or far behind).");
}
