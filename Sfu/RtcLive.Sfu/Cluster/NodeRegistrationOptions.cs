namespace RtcLive.Sfu.Cluster;

/// <summary>How an SFU node announces itself in the cluster.</summary>
public sealed class NodeRegistrationOptions
{
    /// <summary>The control API signaling calls (empty for the embedded node, which signaling calls in-process).</summary>
    public string ControlUrl { get; init; } = "";

    /// <summary>Where other nodes send relayed media; empty when the node takes none.</summary>
    public string RelayAddress { get; init; } = "";

    /// <summary>The relay links the node pulls now (for the link directory); null: none.</summary>
    public Func<IReadOnlyList<RtcLive.Cluster.LinkEntry>>? Links { get; init; }

    /// <summary>Most participants the node takes.</summary>
    public int Capacity { get; init; } = 500;

    /// <summary>How often the record is written (the heartbeat: every second).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a record lives without a heartbeat (3 s: three missed heartbeats).</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(3);
}
