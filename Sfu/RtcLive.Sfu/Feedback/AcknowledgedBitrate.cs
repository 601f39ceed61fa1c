namespace RtcLive.Sfu.Feedback;

/// <summary>
/// The rate at which a receiver reports our packets arriving: bytes of the acknowledged packets whose
/// arrival lies within the last <see cref="WindowMicroseconds"/> of the newest arrival, over the span
/// they arrived in. Arrival times are on the receiver's clock, so this is what the path actually
/// delivered, whatever we tried to send. A ring of recent acknowledgements that starts small and doubles, up to
/// its capacity, when the oldest one it would drop is still inside the window (one per subscriber transport:
/// 4,096 entries up front were 48 KiB a viewer); not thread-safe.
/// </summary>
public sealed class AcknowledgedBitrate
{
    public const int DefaultCapacity = 4096;
    public const long DefaultWindowMicroseconds = 1_000_000;
    public const int DefaultInitialCapacity = 256;

    /// <summary>Spans shorter than this give no rate: a handful of packets says little about a path.</summary>
    public const long MinSpanMicroseconds = 100_000;

    private readonly int _capacity;
    private long[] _arrival;
    private int[] _size;
    private int _next;
    private int _count;
    private long _newest;

    /// <param name="capacity">The most acknowledgements kept.</param>
    /// <param name="windowMicroseconds">Arrival time the rate is taken over.</param>
    /// <param name="initialCapacity">Acknowledgements room is made for up front (the capacity if larger).</param>
    /// <exception cref="ArgumentOutOfRangeException">A capacity or initial capacity under 2, or a window under <see cref="MinSpanMicroseconds"/>.</exception>
    public AcknowledgedBitrate(int capacity = DefaultCapacity, long windowMicroseconds = DefaultWindowMicroseconds,
        int initialCapacity = DefaultInitialCapacity)
    {
        if (capacity < 2)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least two acknowledgements are needed for a rate.");
        if (initialCapacity < 2)
            throw new ArgumentOutOfRangeException(nameof(initialCapacity), initialCapacity, "At least two acknowledgements are needed for a rate.");
        if (windowMicroseconds < MinSpanMicroseconds)
            throw new ArgumentOutOfRangeException(nameof(windowMicroseconds), windowMicroseconds, $"The window is at least {MinSpanMicroseconds} µs.");
        _capacity = capacity;
        int initial = Math.Min(initialCapacity, capacity);
        _arrival = new long[initial];
        _size = new int[initial];
        WindowMicroseconds = windowMicroseconds;
    }

    public long WindowMicroseconds { get; }

    /// <summary>Acknowledgements the ring holds now (grows toward <see cref="Capacity"/> with the rate).</summary>
    public int CurrentCapacity => _arrival.Length;

    /// <summary>The most acknowledgements kept.</summary>
    public int Capacity => _capacity;

    public void OnAcknowledged(long arrivalMicroseconds, int size)
    {
        // A jump of ten windows either way (the feedback clock restarted or wrapped) makes old
        // entries meaningless next to new ones.
        if (_count > 0 && Math.Abs(arrivalMicroseconds - _newest) > 10 * WindowMicroseconds)
            Reset();
        if (_count == 0 || arrivalMicroseconds > _newest)
            _newest = arrivalMicroseconds;
        if (_count == _arrival.Length && _arrival.Length < _capacity && _arrival[_next] >= _newest - WindowMicroseconds)
            Grow();
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

    /// <summary>Twice the room (at most the capacity), oldest first, so the ring continues at the end of what it holds.</summary>
    private void Grow()
    {
        int length = Math.Min(_arrival.Length * 2, _capacity);
        var arrival = new long[length];
        var size = new int[length];
        int head = _arrival.Length - _next; // the oldest entries, from _next to the end
        _arrival.AsSpan(_next).CopyTo(arrival);
        _arrival.AsSpan(0, _next).CopyTo(arrival.AsSpan(head));
        _size.AsSpan(_next).CopyTo(size);
        _size.AsSpan(0, _next).CopyTo(size.AsSpan(head));
        _next = _count;
        _arrival = arrival;
        _size = size;
    }

    public void Reset()
    {
        _count = 0;
        _next = 0;
    }
}
