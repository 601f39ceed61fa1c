using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// The node's own loss repair toward a publisher, for one stream (a simulcast layer): it watches the sequence
/// numbers arriving, remembers the ones skipped, and says which to NACK now and again until they arrive (late,
/// or as the publisher's RTX) or are given up. Asking at the gap, rather than when a subscriber finds the hole,
/// fills the packet cache before subscribers ask, costs the presenter's uplink one request per lost packet
/// however many subscribers lost it, and saves a subscriber's round trip on every repair.
/// </summary>
/// <remarks>
/// Reordering is not loss: packets that arrive late in the media stream (not as a repair) teach how far behind
/// the newest packet a straggler may still come, in packets (a decaying histogram), and a gap is first asked for
/// only once the stream has moved past it by more than that distance (90th percentile), as libwebrtc's NACK
/// module waits. Bounded: at most <see cref="Capacity"/> packets are tracked; a jump of more than <see cref="MaxGap"/> (a
/// restarted stream, a long outage) is not NACKed at all, since a keyframe is the cheaper repair then. Each
/// missing packet is asked for at once, then every <see cref="RetryIntervalMs"/> up to <see cref="MaxRequests"/>
/// times, and dropped after <see cref="MaxAgeMs"/>. No allocation: fixed arrays, the caller's span.
/// Not thread-safe: driven by the publisher's receive thread.
/// </remarks>
public sealed class PublisherNackGenerator
{
    public const int Capacity = 128;
    public const int MaxGap = 96;
    public const long RetryIntervalMs = 100;
    public const int MaxRequests = 5;
    public const long MaxAgeMs = 1000;

    private readonly long[] _sequence = new long[Capacity];   // extended sequence; -1 marks a free slot
    private readonly long[] _missingSinceMs = new long[Capacity];
    private readonly long[] _lastRequestMs = new long[Capacity];
    private readonly int[] _requests = new int[Capacity];
    private readonly int[] _reorderDistances = new int[MaxGap + 1];
    private int _reorderSamples;
    private int _reorderWait;
    private SequenceUnwrapper _unwrapper;
    private long _highest = long.MinValue;
    private int _count;

    public PublisherNackGenerator() => Array.Fill(_sequence, -1L);

    /// <summary>Packets being asked for now.</summary>
    public int MissingCount => _count;

    /// <summary>Packets given up on (too old or asked too often) without arriving.</summary>
    public long GivenUp { get; private set; }

    /// <summary>Packets that arrived after being missed (late, or repaired).</summary>
    public long Recovered { get; private set; }

    /// <summary>How many packets past a gap the stream must move before the gap is asked for (learned reordering).</summary>
    public int ReorderWaitPackets => _reorderWait;

    /// <summary>
    /// A packet of the stream arrived: a new one (gaps before it become missing), or a missing one;
    /// <paramref name="repaired"/> when it came as the publisher's RTX rather than late in the media stream.
    /// </summary>
    public void OnPacket(ushort sequenceNumber, long nowMs, bool repaired = false)
    {
        long extended = _unwrapper.Unwrap(sequenceNumber);
        if (_highest == long.MinValue)
        {
            _highest = extended;
            return;
        }
        if (extended <= _highest)
        {
            if (!Remove(extended)) return;
            Recovered++;
            if (!repaired) LearnReordering(_highest - extended);
            return;
        }
        long gap = extended - _highest - 1;
        if (gap > MaxGap)
        {
            Clear();
        }
        else
        {
            for (long missing = _highest + 1; missing < extended; missing++)
                Add(missing, nowMs);
        }
        _highest = extended;
    }

    /// <summary>
    /// Writes the sequence numbers to NACK now into <paramref name="into"/> and returns how many; marks them
    /// asked, and forgets those too old or asked too often.
    /// </summary>
    public int CollectDue(Span<ushort> into, long nowMs)
    {
        if (_count == 0) return 0;
        int written = 0;
        for (int i = 0; i < Capacity && written < into.Length; i++)
        {
            if (_sequence[i] < 0) continue;
            if (nowMs - _missingSinceMs[i] > MaxAgeMs || _requests[i] >= MaxRequests)
            {
                Free(i);
                GivenUp++;
                continue;
            }
            if (_requests[i] == 0 && _highest - _sequence[i] <= _reorderWait) continue;
            if (_requests[i] > 0 && nowMs - _lastRequestMs[i] < RetryIntervalMs) continue;
            into[written++] = (ushort)_sequence[i];
            _requests[i]++;
            _lastRequestMs[i] = nowMs;
        }
        return written;
    }

    /// <summary>Whether the node is already asking for this packet (a subscriber's NACK for it adds nothing).</summary>
    public bool IsMissing(ushort sequenceNumber)
    {
        if (_count == 0) return false;
        long extended = _unwrapper.PeekUnwrap(sequenceNumber);
        for (int i = 0; i < Capacity; i++)
            if (_sequence[i] == extended) return true;
        return false;
    }

    private void LearnReordering(long distance)
    {
        _reorderDistances[(int)Math.Min(distance, MaxGap)]++;
        if (++_reorderSamples >= 256)
        {
            // Halve the history: the path's reordering changes, old stragglers fade.
            _reorderSamples = 0;
            for (int i = 0; i < _reorderDistances.Length; i++)
            {
                _reorderDistances[i] /= 2;
                _reorderSamples += _reorderDistances[i];
            }
        }
        int total = 0;
        foreach (int count in _reorderDistances) total += count;
        int seen = 0;
        for (int i = 0; i < _reorderDistances.Length; i++)
        {
            seen += _reorderDistances[i];
            if (seen * 10 >= total * 9)
            {
                _reorderWait = i;
                return;
            }
        }
    }

    private void Add(long sequence, long nowMs)
    {
        int slot = -1;
        for (int i = 0; i < Capacity; i++)
        {
            if (_sequence[i] < 0) { slot = i; break; }
        }
        if (slot < 0)
        {
            // Full: the oldest gap is the least likely to be worth repairing still.
            slot = 0;
            for (int i = 1; i < Capacity; i++)
                if (_sequence[i] < _sequence[slot]) slot = i;
            Free(slot);
            GivenUp++;
        }
        _sequence[slot] = sequence;
        _missingSinceMs[slot] = nowMs;
        _lastRequestMs[slot] = 0;
        _requests[slot] = 0;
        _count++;
    }

    private bool Remove(long sequence)
    {
        if (_count == 0) return false;
        for (int i = 0; i < Capacity; i++)
        {
            if (_sequence[i] != sequence) continue;
            Free(i);
            return true;
        }
        return false;
    }

    private void Free(int slot)
    {
        _sequence[slot] = -1;
        _count--;
    }

    private void Clear()
    {
        if (_count == 0) return;
        GivenUp += _count;
        Array.Fill(_sequence, -1L);
        _count = 0;
    }
}
