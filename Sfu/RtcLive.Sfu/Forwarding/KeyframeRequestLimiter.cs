namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// Keeps keyframe requests (PLI or FIR) toward one published stream to at most one per interval. Every
/// subscriber that joins, switches layer or loses a frame asks for a keyframe; the publisher's encoder
/// answers each with a large frame, so a burst of requests would flood the uplink. Requests inside the
/// interval are coalesced into the one already sent; if no keyframe has arrived by the end of the interval,
/// <see cref="TryFlushPending"/> sends one more for them.
/// </summary>
/// <remarks>Lock-free and safe to call from several threads (subscribers' RTCP may arrive on different ones).</remarks>
public sealed class KeyframeRequestLimiter
{
    public const long DefaultIntervalMs = 500;

    private long _nextAllowedMs = long.MinValue;
    private long _sent;
    private long _suppressed;
    private int _pending;

    /// <exception cref="ArgumentOutOfRangeException">The interval is negative.</exception>
    public KeyframeRequestLimiter(long intervalMs = DefaultIntervalMs)
    {
        if (intervalMs < 0)
            throw new ArgumentOutOfRangeException(nameof(intervalMs), intervalMs, "The interval is not negative.");
        IntervalMs = intervalMs;
    }

    public long IntervalMs { get; }

    /// <summary>Requests let through.</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Requests coalesced into one already sent.</summary>
    public long SuppressedCount => Interlocked.Read(ref _suppressed);

    /// <summary>A request was coalesced and no keyframe has arrived since.</summary>
    public bool HasPending => Volatile.Read(ref _pending) != 0;

    /// <summary>True when the caller should send a PLI/FIR now; false when one went out within the interval.</summary>
    public bool TryRequest(long nowMs)
    {
        if (TrySend(nowMs))
            return true;
        Interlocked.Increment(ref _suppressed);
        Volatile.Write(ref _pending, 1);
        return false;
    }

    /// <summary>
    /// True when coalesced requests are still waiting for a keyframe and the interval has passed: the caller
    /// sends one PLI/FIR now. For a periodic timer.
    /// </summary>
    public bool TryFlushPending(long nowMs) => HasPending && TrySend(nowMs);

    /// <summary>
    /// Counts a request that must go out whatever the interval says (a subscriber that missed the keyframe its
    /// own request brought); requests after it coalesce into it as usual.
    /// </summary>
    public void ForceRequest(long nowMs)
    {
        Volatile.Write(ref _nextAllowedMs, nowMs + IntervalMs);
        Volatile.Write(ref _pending, 0);
        Interlocked.Increment(ref _sent);
    }

    /// <summary>A keyframe arrived from the publisher: it satisfies every request made before it.</summary>
    public void OnKeyframeReceived() => Volatile.Write(ref _pending, 0);

    private bool TrySend(long nowMs)
    {
        while (true)
        {
            long nextAllowed = Volatile.Read(ref _nextAllowedMs);
            if (nowMs < nextAllowed)
                return false;
            if (Interlocked.CompareExchange(ref _nextAllowedMs, nowMs + IntervalMs, nextAllowed) == nextAllowed)
            {
                Volatile.Write(ref _pending, 0);
                Interlocked.Increment(ref _sent);
                return true;
            }
        }
    }
}
