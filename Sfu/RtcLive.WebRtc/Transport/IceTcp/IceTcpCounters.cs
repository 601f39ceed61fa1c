namespace RtcLive.WebRtc.Transport.IceTcp;

/// <summary>
/// What the ICE-TCP port carried and why it dropped what it dropped. Many connections write these from their
/// own threads, so every change is an interlocked one; readers see values at most a moment old.
/// </summary>
public sealed class IceTcpCounters
{
    internal long Accepted;
    internal long RefusedOverLimit;
    internal long ClosedIdle;
    internal long ClosedUnbound;
    internal long FramesIn;
    internal long BytesIn;
    internal long FramesOut;
    internal long BytesOut;
    internal long DroppedSendQueueFull;
    internal long DroppedOversize;
    internal long DroppedUnknownKind;
    internal long DroppedUnbound;
    internal long DroppedStunWithoutSession;
    internal long Open;

    public long Connections => Volatile.Read(ref Open);
    public long ConnectionsAccepted => Interlocked.Read(ref Accepted);
    public long ConnectionsRefused => Interlocked.Read(ref RefusedOverLimit);
    public long ConnectionsClosedIdle => Interlocked.Read(ref ClosedIdle);
    public long ConnectionsClosedUnbound => Interlocked.Read(ref ClosedUnbound);
    public long PacketsReceived => Interlocked.Read(ref FramesIn);
    public long BytesReceived => Interlocked.Read(ref BytesIn);
    public long PacketsSent => Interlocked.Read(ref FramesOut);
    public long BytesSent => Interlocked.Read(ref BytesOut);
    public long SendQueueFull => Interlocked.Read(ref DroppedSendQueueFull);
    public long Oversize => Interlocked.Read(ref DroppedOversize);
    public long UnknownKind => Interlocked.Read(ref DroppedUnknownKind);
    public long Unbound => Interlocked.Read(ref DroppedUnbound);
    public long StunWithoutSession => Interlocked.Read(ref DroppedStunWithoutSession);
}
