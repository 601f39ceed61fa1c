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
    internal long DroppedBadStunCredentials;
    internal long DroppedHandshakeLimit;
    internal long StunErrorsSuppressed;

    public long Received => Volatile.Read(ref DatagramsIn);
    public long ReceivedBytes => Volatile.Read(ref BytesIn);
    public long UnknownKind => Volatile.Read(ref DroppedUnknownKind);
    public long UnboundAddress => Volatile.Read(ref DroppedUnboundAddress);
    public long StunWithoutSession => Volatile.Read(ref DroppedStunWithoutSession);

    /// <summary>STUN checks naming a session but failing its credentials (wrong USERNAME or MESSAGE-INTEGRITY, or none).</summary>
    public long BadStunCredentials => Volatile.Read(ref DroppedBadStunCredentials);

    /// <summary>DTLS datagrams that would have started a handshake while the handshake limiter was full (in all or for the address).</summary>
    public long HandshakeLimit => Volatile.Read(ref DroppedHandshakeLimit);

    /// <summary>
    /// Error responses (400, 401) to failed checks not sent because the session's error budget was spent: a storm of
    /// bad checks must not turn the port into a reflector.
    /// </summary>
    public long StunErrorResponsesSuppressed => Volatile.Read(ref StunErrorsSuppressed);

    /// <summary>Failed reads and handlers that threw: the port went on serving everyone else.</summary>
    public long Errors => socket.ReceiveErrors + socket.HandlerErrors;

    public long SendFailures => socket.SendErrors;

    /// <summary>Datagrams sent in <c>sendmmsg</c> batches, and the batches (a packet's fan-out is one or a few).</summary>
    public long BatchedDatagrams => socket.BatchedDatagrams;

    public long SendBatches => socket.SendBatches;
}
