namespace RtcLive.Sfu.Control;

/// <summary>Turns the node's running total of forwarded bytes into bits per second between two status calls.</summary>
internal sealed class ForwardedBitrateSampler
{
    private readonly object _gate = new();
    private long _lastBytes;
    private long _lastMs;
    private long _lastBps;

    public long Sample(long totalBytes, long nowMs)
    {
        lock (_gate)
        {
            long elapsed = nowMs - _lastMs;
            if (_lastMs != 0 && elapsed >= 200)
                _lastBps = (totalBytes - _lastBytes) * 8 * 1000 / elapsed;
            if (_lastMs == 0 || elapsed >= 200)
            {
                _lastBytes = totalBytes;
                _lastMs = nowMs;
            }
            return _lastBps;
        }
    }
}
