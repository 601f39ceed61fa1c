namespace RtcLive.WebRtc.Transport;

/// <summary>
/// What the shared port received and why it dropped what it dropped. Each field has a single writer (the
/// receive thread), so plain increments suffice; readers see values at most a moment old.
/// </summary>
public sealed class UdpMuxCounters
{
    internal long DatagramsIn;
    internal long BytesIn;
    internal long DroppedUnknownKind;
    internal long DroppedUnboundAddress;
    internal long DroppedStunWithoutSession;
    internal long ReceiveErrors;
    internal long SendErrors;

    public long Received => Volatile.Read(ref DatagramsIn);
    public long ReceivedBytes => Volatile.Read(ref BytesIn);
    public long UnknownKind => Volatile.Read(ref DroppedUnknownKind);
    public long UnboundAddress => Volatile.Read(ref DroppedUnboundAddress);
    public long StunWithoutSession => Volatile.Read(ref DroppedStunWithoutSession);
    public long Errors => Volatile.Read(ref ReceiveErrors);
    public long SendFailures => Interlocked.Read(ref SendErrors);
}
