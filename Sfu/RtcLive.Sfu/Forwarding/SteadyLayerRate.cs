namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// The rate a simulcast layer is judged by in layer choice: the lower of its rate measured now and the one measured
/// a second or two before. A keyframe (asked for by any viewer of the layer, or by the node for a viewer whose path
/// just came back) lifts a layer's measured rate for up to a second (the meter's window); judged by that, a viewer
/// whose estimate fits the layer's steady rate is moved down, then waits for a keyframe of the lower layer (a freeze
/// seen in the dead-path browser test: 1.6 s) and for another to come back. A rise that lasts counts a second or two
/// later; a fall counts at once.
/// </summary>
internal struct SteadyLayerRate
{
    public const long CheckpointMs = 1000;

    private bool _started;
    private long _checkpoint;
    private long _checkpointAtMs;
    private long _older;

    /// <summary>Takes the rate measured at <paramref name="nowMs"/>; returns the rate to judge the layer by.</summary>
    public long Update(long measured, long nowMs)
    {
        if (!_started)
        {
            _started = true;
            _checkpoint = measured;
            _checkpointAtMs = nowMs;
        }
        else if (nowMs - _checkpointAtMs >= CheckpointMs)
        {
            _older = _checkpoint;
            _checkpoint = measured;
            _checkpointAtMs = nowMs;
        }
        // Before a second of history (or after a layer was silent) the measurement is all there is.
        return _older > 0 ? Math.Min(measured, _older) : measured;
    }
}
