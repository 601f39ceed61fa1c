using Prometheus;

namespace RtcLive.Signaling.Auth;

/// <summary>Requests the entry points refused before doing any work, by why: the flood counters of signaling.</summary>
public static class EntryRefusals
{
    private static readonly Counter Refused = Metrics.CreateCounter("rtclive_requests_refused_total",
        "Requests refused at the entry points: join_rate (joins per address per window), hub_connections (open hub connections " +
        "per address), body_too_large (SDP bodies over the cap).", new CounterConfiguration { LabelNames = ["reason"] });

    public static void JoinRate() => Refused.WithLabels("join_rate").Inc();

    public static void HubConnections() => Refused.WithLabels("hub_connections").Inc();

    public static void BodyTooLarge() => Refused.WithLabels("body_too_large").Inc();
}
