namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// Caps how many DTLS handshakes run at once. Each handshake in progress occupies a dedicated thread (BouncyCastle's
/// Accept/Connect block) and costs ECDHE and ECDSA work, so a burst of joins or a flood of bogus ClientHellos must
/// not spawn threads without bound. A handshake that finds the limiter full fails at once rather than queueing:
/// the peer retransmits and the caller can retry, while a queue would only add latency to a node already saturated.
/// </summary>
public sealed class DtlsHandshakeLimiter
{
    /// <summary>Default cap: comfortably above the join bursts of a classroom, far below what would exhaust threads.</summary>
    public const int DefaultMaxConcurrent = 32;

    private int _inProgress;
    private long _refused;

    public DtlsHandshakeLimiter(int maxConcurrent = DefaultMaxConcurrent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        MaxConcurrent = maxConcurrent;
    }

    /// <summary>The process-wide limiter transports use unless their options name another.</summary>
    public static DtlsHandshakeLimiter Shared { get; } = new();

    /// <summary>The most handshakes admitted at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>Handshakes admitted and not yet finished.</summary>
    public int InProgress => Volatile.Read(ref _inProgress);

    /// <summary>Handshakes refused because the limiter was full, since it was created.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Admits one handshake if a slot is free; each true result must be paired with one <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        while (true)
        {
            int current = Volatile.Read(ref _inProgress);
            if (current >= MaxConcurrent)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }
            if (Interlocked.CompareExchange(ref _inProgress, current + 1, current) == current)
                return true;
        }
    }

    /// <summary>Frees the slot taken by a successful <see cref="TryEnter"/>.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _inProgress) < 0)
        {
            Interlocked.Increment(ref _inProgress);
            throw new InvalidOperationException("DtlsHandshakeLimiter.Exit called without a matching TryEnter");
        }
    }
}
