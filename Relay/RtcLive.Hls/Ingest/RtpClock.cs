namespace RtcLive.Hls.Ingest;

/// <summary>
/// Maps one RTP stream's timestamps onto the ingest's millisecond clock: anchored at the arrival of its first
/// frame, then advanced by the timestamps themselves (steadier than arrival times). Re-anchored when the mapping
/// drifts more than a second from arrival (a new source, a wrapped or jumped clock) or must continue another stream.
/// </summary>
public sealed class RtpClock(int clockRate)
{
    private const long MaxDriftMs = 1000;
    private bool _anchored;
    private uint _anchorTimestamp;
    private long _anchorMs;
    private long _lastMs = -1;

    /// <summary>The time of a frame with <paramref name="timestamp"/> that arrived at <paramref name="arrivalMs"/>; strictly increasing.</summary>
    public long ToMs(uint timestamp, long arrivalMs)
    {
        if (!_anchored) Anchor(timestamp, Math.Max(arrivalMs, _lastMs + 1));
        long ms = _anchorMs + (long)(int)(timestamp - _anchorTimestamp) * 1000 / clockRate;
        if (Math.Abs(ms - arrivalMs) > MaxDriftMs)
        {
            Anchor(timestamp, Math.Max(arrivalMs, _lastMs + 1));
            ms = _anchorMs;
        }
        if (ms <= _lastMs) ms = _lastMs + 1;
        _lastMs = ms;
        return ms;
    }

    /// <summary>The next frame starts a new anchor no earlier than <paramref name="notBeforeMs"/> (a simulcast switch).</summary>
    public void Continue(long notBeforeMs)
    {
        _anchored = false;
        _lastMs = Math.Max(_lastMs, notBeforeMs - 1);
    }

    private void Anchor(uint timestamp, long ms)
    {
        _anchored = true;
        _anchorTimestamp = timestamp;
        _anchorMs = ms;
    }
}
