namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Turns a stream of 16-bit sequence numbers into a 64-bit extended sequence that keeps counting across
/// wraparound. Each value is placed at its shortest distance from the previous one, so reordering and
/// duplicates unwrap correctly as long as jumps stay under 32768. The first value unwraps to itself;
/// a packet reordered before it can therefore come out negative. One per stream; not thread-safe.
/// </summary>
public struct SequenceUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>True once a value has been unwrapped.</summary>
    public readonly bool HasValue => _started;

    /// <summary>The most recently unwrapped value (0 before the first).</summary>
    public readonly long Last => _last;

    /// <summary>Unwraps <paramref name="sequenceNumber"/> and remembers it as the new reference.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        _last = PeekUnwrap(sequenceNumber);
        _started = true;
        return _last;
    }

    /// <summary>What <see cref="Unwrap"/> would return, without moving the reference.</summary>
    public readonly long PeekUnwrap(ushort sequenceNumber)
    {
        if (!_started)
            return sequenceNumber;
        ushort previous = (ushort)_last;
        return SequenceNumber.IsNewer(sequenceNumber, previous)
            ? _last + (ushort)(sequenceNumber - previous)
            : _last - (ushort)(previous - sequenceNumber);
    }
}
