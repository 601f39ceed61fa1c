namespace RtcLive.Sfu.Feedback;

/// <summary>
/// The delay signal of the estimator: whether the one-way delay of our packets is growing, which means a
/// queue is building on the path before any packet is lost. Summing, packet after packet, the
/// inter-arrival delta minus the inter-departure delta gives the delay up to a constant (arrival − send);
/// its least-squares slope against arrival time over the last <see cref="WindowMicroseconds"/> is the
/// trend. As in GCC, packets sent within 5 ms of each other form one group (a burst leaves the sender at
/// once, so spreading inside it is no trend); a group's sample is its last send and last arrival.
/// Fixed ring of samples; not thread-safe.
/// </summary>
public sealed class DelayTrendDetector
{
    public const long GroupSpanMicroseconds = 5_000;
    public const int DefaultCapacity = 128;

    private readonly long[] _x; // arrival time of each sample, relative to _originArrival
    private readonly long[] _y; // delay (arrival − send) of each sample, relative to _originDelay
    private readonly int _capacity;
    private int _next;
    private int _count;
    private bool _hasOrigin;
    private long _originArrival;
    private long _originDelay;
    private long _lastX;
    private bool _groupOpen;
    private long _groupFirstSend;
    private long _groupLastSend;
    private long _groupLastArrival;

    /// <param name="windowMicroseconds">How far back, in arrival time, samples count.</param>
    /// <param name="threshold">Slope (µs of added delay per µs) above which the delay counts as increasing.</param>
    /// <param name="minSamples">Groups needed before any verdict.</param>
    /// <param name="minSpanMicroseconds">Arrival span the samples must cover before any verdict.</param>
    /// <param name="capacity">Samples kept at most.</param>
    public DelayTrendDetector(long windowMicroseconds = 500_000, double threshold = 0.02, int minSamples = 8,
        long minSpanMicroseconds = 200_000, int capacity = DefaultCapacity)
    {
        if (windowMicroseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(windowMicroseconds), windowMicroseconds, "The window must be positive.");
        if (minSamples < 3 || minSamples > capacity)
            throw new ArgumentOutOfRangeException(nameof(minSamples), minSamples, "A trend needs at least 3 samples, and no more than the capacity.");
        WindowMicroseconds = windowMicroseconds;
        Threshold = threshold;
        MinSamples = minSamples;
        MinSpanMicroseconds = minSpanMicroseconds;
        _capacity = capacity;
        _x = new long[capacity];
        _y = new long[capacity];
    }

    public long WindowMicroseconds { get; }

    public double Threshold { get; }

    public int MinSamples { get; }

    public long MinSpanMicroseconds { get; }

    /// <summary>
    /// Adds a received packet; packets must come in send order (a packet sent before the current group,
    /// such as a late arrival reported again, is ignored).
    /// </summary>
    public void OnPacket(long sendMicroseconds, long arrivalMicroseconds)
    {
        if (!_groupOpen)
        {
            OpenGroup(sendMicroseconds, arrivalMicroseconds);
            return;
        }
        if (sendMicroseconds < _groupLastSend)
            return;
        if (sendMicroseconds - _groupFirstSend <= GroupSpanMicroseconds)
        {
            _groupLastSend = sendMicroseconds;
            _groupLastArrival = Math.Max(_groupLastArrival, arrivalMicroseconds);
            return;
        }
        AddSample(_groupLastSend, _groupLastArrival);
        OpenGroup(sendMicroseconds, arrivalMicroseconds);
    }

    /// <summary>
    /// The slope of delay against arrival time over the window; false while the samples are too few or span
    /// too little time to tell.
    /// </summary>
    public bool TryGetSlope(out double slope)
    {
        slope = 0;
        if (_count < MinSamples)
            return false;
        long newest = long.MinValue;
        for (int i = 0; i < _count; i++)
            newest = Math.Max(newest, _x[i]);
        long windowStart = newest - WindowMicroseconds;

        int n = 0;
        double sumX = 0, sumY = 0;
        long oldest = newest;
        for (int i = 0; i < _count; i++)
        {
            if (_x[i] < windowStart)
                continue;
            n++;
            sumX += _x[i];
            sumY += _y[i];
            oldest = Math.Min(oldest, _x[i]);
        }
        if (n < MinSamples || newest - oldest < MinSpanMicroseconds)
            return false;

        double meanX = sumX / n, meanY = sumY / n;
        double covariance = 0, variance = 0;
        for (int i = 0; i < _count; i++)
        {
            if (_x[i] < windowStart)
                continue;
            double dx = _x[i] - meanX;
            covariance += dx * (_y[i] - meanY);
            variance += dx * dx;
        }
        if (variance <= 0)
            return false;
        slope = covariance / variance;
        return true;
    }

    /// <summary>True when the trend is known and rising faster than <see cref="Threshold"/>.</summary>
    public bool IsIncreasing => TryGetSlope(out double slope) && slope > Threshold;

    /// <summary>Forgets every sample, so the next verdict rests on fresh evidence only.</summary>
    public void Reset()
    {
        _count = 0;
        _next = 0;
        _hasOrigin = false;
        _groupOpen = false;
    }

    private void OpenGroup(long sendMicroseconds, long arrivalMicroseconds)
    {
        _groupOpen = true;
        _groupFirstSend = sendMicroseconds;
        _groupLastSend = sendMicroseconds;
        _groupLastArrival = arrivalMicroseconds;
    }

    private void AddSample(long sendMicroseconds, long arrivalMicroseconds)
    {
        // Send and arrival times are on different clocks; only differences matter, so keep them small.
        long delay = arrivalMicroseconds - sendMicroseconds;
        if (!_hasOrigin || Math.Abs(arrivalMicroseconds - _originArrival - _lastX) > 10 * WindowMicroseconds)
        {
            // First sample, or the receiver's clock jumped: start over from here.
            _count = 0;
            _next = 0;
            _hasOrigin = true;
            _originArrival = arrivalMicroseconds;
            _originDelay = delay;
        }
        _lastX = arrivalMicroseconds - _originArrival;
        _x[_next] = _lastX;
        _y[_next] = delay - _originDelay;
        _next = (_next + 1) % _capacity;
        _count = Math.Min(_count + 1, _capacity);
    }
}
