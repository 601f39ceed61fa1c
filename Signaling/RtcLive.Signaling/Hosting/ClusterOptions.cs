namespace RtcLive.Signaling.Hosting;

/// <summary>Cluster mode, bound from <c>RtcLive:Cluster</c>: with a Redis address, nodes come from the shared registry.</summary>
public sealed class ClusterOptions
{
    public const string Section = "RtcLive:Cluster";

    /// <summary>StackExchange.Redis configuration (e.g. <c>127.0.0.1:6390</c>); empty: no cluster.</summary>
    public string Redis { get; set; } = "";

    public bool IsCluster => !string.IsNullOrWhiteSpace(Redis);
}
