namespace RtcLive.Sfu.Feedback;

/// <summary>
/// The rate at which a receiver reports our packets arriving: bytes of the acknowledged packets whose
/// arrival lies within the last <see cref="WindowMicroseconds"/> of the newest arrival, over the span
/// they arrived in. Arrival times are on the receiver's clock, so this is what the path actually
/// delivered, whatever we tried to send. Fixed ring of recent acknowledgements; not thread-safe.
/// </summary>
public sealed class AcknowledgedBitrate
{
    public const int DefaultCapacity = 4096;
    public const long DefaultWindowMicroseconds = 1_000_000;

    /// <summary>Spans shorter than this give no rate: a handful of packets says little about a path.</summary>
    public const long MinSpanMicroseconds = 100_000;

    private readonly long[] _arrival;
    private readonly int[] _size;
    private int _next;
    private int _count;
    private long _newest;

    /// <exception cref="ArgumentOutOfRangeException">A capacity under 2 or a window under <see cref="MinSpanMicroseconds"/>.</exception>
    public AcknowledgedBitrate(int capacity = DefaultCapacity, long windowMicroseconds = DefaultWindowMicroseconds)
    {
        if (capacity < 2)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least two acknowledgements are needed for a rate.");
        if (windowMicroseconds < MinSpanMicroseconds)
            throw new ArgumentOutOfRangeException(nameof(windowMicroseconds), windowMicroseconds, $"The window is at least {MinSpanMicroseconds} µs.");
        _arrival = new long[capacity];
        _size = new int[capacity];
        WindowMicroseconds = windowMicroseconds;
    }

    public long WindowMicroseconds { get; }

    public void OnAcknowledged(long arrivalMicroseconds, int size)
    {
        // A jump of ten windows either way (the feedback clock restarted or wrapped) makes old
        // entries meaningless next to new ones.
        if (_count > 0 && Math.Abs(arrivalMicroseconds - _newest) > 10 * WindowMicroseconds)
            Reset();
        if (_count == 0 || arrivalMicroseconds > _newest)
            _newest = arrivalMicroseconds;
        _arrival[_next] = arrivalMicroseconds;
        _size[_next] = size;
        _next = (_next + 1) % _arrival.Length;
        _count = Math.Min(_count + 1, _arrival.Length);
    }

    /// <summary>Bits per second over the window; false until acknowledgements span <see cref="MinSpanMicroseconds"/>.</summary>
    public bool TryGetBitrate(out long bitsPerSecond)
    {
        bitsPerSecond = 0;
        long oldest = long.MaxValue;
        int oldestSize = 0;
        long bytes = 0;
        for (int i = 0; i < _count; i++)
        {
            int index = (_next - 1 - i + _arrival.Length) % _arrival.Length;
            long arrival = _arrival[index];
            if (arrival < _newest - WindowMicroseconds)
                continue;
            bytes += _size[index];
            if (arrival < oldest)
            {
                oldest = arrival;
                oldestSize = _size[index];
            }
        }
        long span = _newest - oldest;
        if (bytes == 0 || span < MinSpanMicroseconds)
            return false;
        // The oldest packet's bytes arrived before the span began.
        bitsPerSecond = (bytes - oldestSize) * 8 * 1_000_000 / span;
        return true;
    }

    public void Reset()
    {
        _count = 0;
        _next = 0;
    }
}
