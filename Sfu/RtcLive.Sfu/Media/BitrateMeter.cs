namespace RtcLive.Sfu.Media;

/// <summary>
/// Bits per second of a stream over roughly the last second, from the bytes of each packet. Two half-second
/// buckets keep it cheap per packet and steady enough for layer choice.
/// </summary>
public struct BitrateMeter
{
    private const long BucketMs = 500;
    private long _bucketStartMs;
    private long _currentBytes;
    private long _previousBytes;
    private long _lastPacketMs;

    public void OnPacket(int bytes, long nowMs)
    {
        Roll(nowMs);
        _currentBytes += bytes;
        _lastPacketMs = nowMs;
    }

    /// <summary>Estimated bits per second at <paramref name="nowMs"/>.</summary>
    public long BitsPerSecond(long nowMs)
    {
        Roll(nowMs);
        long elapsed = BucketMs + Math.Clamp(nowMs - _bucketStartMs, 0, BucketMs);
        return (_previousBytes + _currentBytes) * 8 * 1000 / elapsed;
    }

    /// <summary>Whether a packet arrived within <paramref name="windowMs"/>.</summary>
    public readonly bool IsActive(long nowMs, long windowMs = 2000) => _lastPacketMs != 0 && nowMs - _lastPacketMs <= windowMs;

    private void Roll(long nowMs)
    {
        if (_bucketStartMs == 0) _bucketStartMs = nowMs;
        long elapsed = nowMs - _bucketStartMs;
        if (elapsed < BucketMs) return;
        _previousBytes = elapsed < 2 * BucketMs ? _currentBytes : 0;
        _currentBytes = 0;
        _bucketStartMs = elapsed < 2 * BucketMs ? _bucketStartMs + BucketMs : nowMs;
    }
}
