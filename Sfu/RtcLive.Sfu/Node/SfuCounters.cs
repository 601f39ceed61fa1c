namespace RtcLive.Sfu.Node;

/// <summary>
/// Node-wide totals for the metrics. The forwarding fields are written only by the media receive thread
/// (everything per packet runs there), so plain increments suffice; readers see values a moment old.
/// </summary>
public sealed class SfuCounters
{
    internal long RtpReceived;
    internal long RtpForwarded;
    internal long BytesForwarded;
    internal long NacksReceived;
    internal long PacketsResent;
    internal long RtxSent;
    internal long NacksToPublishers;
    internal long RtxReceived;
    internal long PliSent;
    internal long TransportFailures;
    internal long LimitRefusals;
    internal long SwitchStragglers;
    internal long SubscriberOutages;

    public long RtpPacketsReceived => Volatile.Read(ref RtpReceived);
    public long RtpPacketsForwarded => Volatile.Read(ref RtpForwarded);
    public long RtpBytesForwarded => Volatile.Read(ref BytesForwarded);
    public long NackReceived => Volatile.Read(ref NacksReceived);
    public long Resent => Volatile.Read(ref PacketsResent);
    /// <summary>Of <see cref="Resent"/>, the repairs sent to subscribers as RTX packets (RFC 4588).</summary>
    public long RtxPacketsSent => Volatile.Read(ref RtxSent);
    public long NacksSentToPublishers => Volatile.Read(ref NacksToPublishers);
    /// <summary>RTX packets publishers sent: answers to the node's NACKs, and old packets resent as bandwidth probes.</summary>
    public long RtxPacketsReceived => Volatile.Read(ref RtxReceived);
    public long PictureLossIndicationsSent => Interlocked.Read(ref PliSent);
    public long TransportFailuresTotal => Interlocked.Read(ref TransportFailures);
    /// <summary>Joins and publishes refused by a limit of <see cref="SfuLimits"/>.</summary>
    public long LimitRefusalsTotal => Interlocked.Read(ref LimitRefusals);
    /// <summary>Packets that reordering moved across a simulcast switch, forwarded into their place anyway: late
    /// packets of the layer left, and packets of the new layer that overtook the keyframe switched on.</summary>
    public long SwitchStragglersForwarded => Volatile.Read(ref SwitchStragglers);
    /// <summary>Outages of subscribers' paths that ended: sending with no feedback back, then feedback again.</summary>
    public long SubscriberOutagesTotal => Interlocked.Read(ref SubscriberOutages);
}
