namespace RtcLive.Signaling.Instances;

/// <summary>This signaling instance as the cluster and its clients see it, bound from <c>RtcLive:Signaling</c>.</summary>
public sealed class SignalingInstanceOptions
{
    public const string Section = "RtcLive:Signaling";

    /// <summary>Unique in the cluster; empty: <c>signaling-{host}-{pid}</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// Where browsers reach this instance (e.g. <c>https://eu-2.signaling.example.org</c>). Clients of another
    /// instance that dies reconnect here. Empty: the address Kestrel listens on, when that is a concrete host
    /// (not 0.0.0.0); behind a load balancer leave it empty and let the balancer pick a live instance.
    /// </summary>
    public string PublicUrl { get; set; } = "";
}
