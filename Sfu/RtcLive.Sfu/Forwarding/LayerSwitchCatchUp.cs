using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// The packets of a simulcast layer that reached the node before the keyframe packet a subscriber switched to
/// that layer on, but come after it: on a reordering path (jitter) a keyframe's first packet is often overtaken
/// by the rest of the keyframe. Until the switch they were not the subscriber's layer, so they were dropped;
/// they are in the layer's cache, and forwarding them right after the switch packet, in order, leaves the
/// subscriber no hole to NACK (and none at all when its NACKs give up before a repair arrives).
/// <code>
/// foreach (ReadOnlySpan&lt;byte&gt; packet in new LayerSwitchCatchUp(cache, switchSequence, switchTimestamp, buffer))
///     Forward(packet);
/// </code>
/// </summary>
/// <remarks>
/// Walks at most <see cref="MaxPackets"/> numbers after the switch packet, up to the newest the cache holds,
/// without allocating. A packet is yielded only if it is of the cache's current SSRC and its timestamp is not
/// before the switch packet's (a slot left from a restart of the numbering cannot pass for one).
/// </remarks>
public ref struct LayerSwitchCatchUp
{
    /// <summary>The most packets looked at: a keyframe of the top layer and the frames overtaking its first packet.</summary>
    public const int MaxPackets = 256;

    /// <summary>How far after the switch packet's timestamp a packet may be: half a second at 90 kHz.</summary>
    private const uint MaxTimestampAhead = 45_000;

    private readonly RtpPacketCache _cache;
    private readonly Span<byte> _buffer;
    private readonly ushort _start;
    private readonly uint _startTimestamp;
    private readonly int _count;
    private int _next;
    private int _length;

    /// <param name="cache">The cache of the layer switched to.</param>
    /// <param name="switchSequenceNumber">The source number of the packet the switch happened on.</param>
    /// <param name="switchTimestamp">The source timestamp of that packet.</param>
    /// <param name="buffer">Where each packet is copied; at least a cache slot.</param>
    /// <exception cref="ArgumentException">The buffer is smaller than a cache slot.</exception>
    public LayerSwitchCatchUp(RtpPacketCache cache, ushort switchSequenceNumber, uint switchTimestamp, Span<byte> buffer)
    {
        if (buffer.Length < cache.SlotSize)
            throw new ArgumentException($"The buffer must hold a cache slot ({cache.SlotSize} bytes).", nameof(buffer));
        _cache = cache;
        _buffer = buffer;
        _start = switchSequenceNumber;
        _startTimestamp = switchTimestamp;
        _count = cache.TryGetNewest(out ushort newest) ? Math.Clamp(SequenceNumber.Distance(switchSequenceNumber, newest), 0, MaxPackets) : 0;
        _next = 1;
        _length = 0;
    }

    /// <summary>The current packet (valid until the next <see cref="MoveNext"/>).</summary>
    public readonly Span<byte> Current => _buffer[.._length];

    public readonly LayerSwitchCatchUp GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_next <= _count)
        {
            ushort sequenceNumber = (ushort)(_start + _next++);
            if (!_cache.TryGet(sequenceNumber, _buffer, out int length) || !RtpHeader.TryParse(_buffer[..length], out var header))
                continue;
            if (header.Timestamp - _startTimestamp > MaxTimestampAhead)
                continue; // before the switch packet (wraps to a huge distance) or from another lap of the numbers
            _length = length;
            return true;
        }
        _length = 0;
        return false;
    }
}
