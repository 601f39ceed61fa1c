namespace RtcLive.WebRtc.Transport;

/// <summary>
/// What the shared port received and why it dropped what it dropped. Each field has a single writer (the
/// receive thread), so plain increments suffice; readers see values at most a moment old.
/// </summary>
public sealed class UdpMuxCounters(UdpSocket socket)
{
    internal long DatagramsIn;
    internal long BytesIn;
    internal long DroppedUnknownKind;
    internal long DroppedUnboundAddress;
    internal long DroppedStunWithoutSession;

    public long Received => Volatile.Read(ref DatagramsIn);
    public long ReceivedBytes => Volatile.Read(ref BytesIn);
    public long UnknownKind => Volatile.Read(ref DroppedUnknownKind);
    public long UnboundAddress => Volatile.Read(ref DroppedUnboundAddress);
    public long StunWithoutSession => Volatile.Read(ref DroppedStunWithoutSession);

    /// <summary>Failed reads and handlers that threw: the port went on serving everyone else.</summary>
    public long Errors => socket.ReceiveErrors + socket.HandlerErrors;

    public long SendFailures => socket.SendErrors;
}
