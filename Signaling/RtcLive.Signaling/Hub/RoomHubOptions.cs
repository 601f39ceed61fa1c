namespace RtcLive.Signaling.Hubs;

/// <summary>Per-connection limits of the room hub, bound from <c>RtcLive:Hub</c>.</summary>
public sealed class RoomHubOptions
{
    public const string Section = "RtcLive:Hub";

    /// <summary>Largest message a client may send (an SDP offer with simulcast and many codecs stays under 20 KiB).</summary>
    public long MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Hub calls a connection may make per second, on average.</summary>
    public int CallsPerSecond { get; set; } = 20;

    /// <summary>Calls a connection may make in a burst above that rate.</summary>
    public int CallBurst { get; set; } = 40;

    /// <summary>
    /// Hub connections one remote address may hold open at once. A classroom behind one NAT address needs one per
    /// student; a flood of connections from one address stops here with 429.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = 200;
}
