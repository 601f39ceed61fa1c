namespace RtcLive.WebRtc.Ice;

/// <summary>
/// One outstanding Binding request of a pair: its transaction id and retransmission timer. A
/// retransmission reuses the id (it is the same request), so a late answer to any copy matches.
/// </summary>
internal sealed class IceTransaction
{
    private readonly byte[] _id = new byte[Stun.StunMessage.TransactionIdLength];
    private int _rtoMs;

    public ReadOnlySpan<byte> Id => _id;

    public bool IsOutstanding { get; private set; }

    public long StartedMs { get; private set; }

    public long NextSendMs { get; private set; }

    /// <summary>Begins a new request sent at <paramref name="nowMs"/>.</summary>
    public void Start(long nowMs, int initialRtoMs)
    {
        Stun.StunMessage.NewTransactionId(_id);
        IsOutstanding = true;
        StartedMs = nowMs;
        _rtoMs = initialRtoMs;
        NextSendMs = nowMs + _rtoMs;
    }

    public bool IsDue(long nowMs) => IsOutstanding && nowMs >= NextSendMs;

    /// <summary>Records a retransmission at <paramref name="nowMs"/> and backs the timer off.</summary>
    public void Retransmitted(long nowMs, int maxRtoMs)
    {
        _rtoMs = Math.Min(_rtoMs * 2, maxRtoMs);
        NextSendMs = nowMs + _rtoMs;
    }

    public bool Matches(ReadOnlySpan<byte> transactionId) => IsOutstanding && transactionId.SequenceEqual(_id);

    public void Complete() => IsOutstanding = false;
}
