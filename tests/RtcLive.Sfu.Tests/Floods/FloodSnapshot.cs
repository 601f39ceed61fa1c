using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>The class's frames, the port's counters and the node's footprint at one moment.</summary>
internal sealed record FloodSnapshot(long FramesSent, long FramesReceived, PortCounts Port, int Sessions, int BoundAddresses,
    double ReceiveCpuSeconds, double ProcessCpuSeconds, long RssBytes, long ManagedBytes)
{
    public static FloodSnapshot Take(LiveClass live)
    {
        var footprint = NodeFootprint.Take();
        var mux = live.Node.Port.Mux;
        return new FloodSnapshot(live.FramesSent, live.Viewer.Count, PortCounts.Of(mux.Counters), mux.SessionCount, mux.BoundAddressCount,
            footprint.ReceiveThreadCpuSeconds, footprint.ProcessCpuSeconds, footprint.RssBytes, footprint.ManagedBytes);
    }
}

/// <summary>A copy of <see cref="UdpMuxCounters"/>, so before and after can be subtracted.</summary>
internal sealed record PortCounts(long Received, long UnknownKind, long UnboundAddress, long StunWithoutSession, long BadStunCredentials,
    long HandshakeLimit, long StunErrorResponsesSuppressed)
{
    public static PortCounts Of(UdpMuxCounters c) => new(c.Received, c.UnknownKind, c.UnboundAddress, c.StunWithoutSession,
        c.BadStunCredentials, c.HandshakeLimit, c.StunErrorResponsesSuppressed);
}
