using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Feedback;

/// <summary>
/// The receive side of transport-wide congestion control for one publisher transport: remembers when each
/// packet with a transport-wide sequence number arrived and, when asked, writes the transport-cc feedback
/// that Chromium's send-side bandwidth estimator needs before it will ramp up to all simulcast layers.
/// <para>
/// Each feedback covers everything since the previous one: received packets with their arrival times and
/// the numbers in between as not received. A packet that arrives after its number was already reported
/// (reordering) moves the next feedback's start back to it, as libwebrtc's receiver does; the sender
/// accepts a number described twice. Memory is a fixed ring: only the newest <see cref="Capacity"/>
/// numbers are kept, so if the caller stalls the oldest unreported ones are left out, and packets that
/// arrived more than <see cref="MaxReportAgeMicroseconds"/> before the build are left out too (they no
/// longer tell the sender anything about the path now).
/// </para>
/// One per transport; not thread-safe (the transport's receive loop owns it).
/// </summary>
public sealed class TransportCcFeedbackBuilder
{
    public const int DefaultCapacity = 2048;

    /// <summary>libwebrtc's receiver forgets arrivals after this long (its "back window").</summary>
    public const long DefaultMaxReportAgeMicroseconds = 500_000;

    private const long Empty = long.MinValue;

    private readonly long[] _slotSequence; // unwrapped number held by each slot, or Empty
    private readonly long[] _slotArrival;
    private readonly TransportCcPacketStatus[] _entries; // scratch for one feedback, sized for the whole ring
    private readonly long[] _entrySequence;              // unwrapped number of each entry
    private readonly int _mask;
    private SequenceUnwrapper _unwrapper;
    private bool _started;
    private long _highest;     // highest unwrapped number received
    private long _windowStart; // first unwrapped number the next feedback describes
    private byte _feedbackPacketCount;

    /// <param name="capacity">Numbers remembered; a power of two from 16 to 32768.</param>
    /// <param name="maxReportAgeMicroseconds">Arrivals older than this at build time are not reported.</param>
    /// <exception cref="ArgumentOutOfRangeException">A capacity that is not such a power of two, or a non-positive age.</exception>
    public TransportCcFeedbackBuilder(int capacity = DefaultCapacity, long maxReportAgeMicroseconds = DefaultMaxReportAgeMicroseconds)
    {
        // Under 32768 keeps every gap in a feedback within the writer's 1–32767 step between entries.
        if (capacity < 16 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity is a power of two from 16 to 32768.");
        if (maxReportAgeMicroseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxReportAgeMicroseconds), maxReportAgeMicroseconds, "The age must be positive.");
        Capacity = capacity;
        MaxReportAgeMicroseconds = maxReportAgeMicroseconds;
        _mask = capacity - 1;
        _slotSequence = new long[capacity];
        _slotArrival = new long[capacity];
        _entries = new TransportCcPacketStatus[capacity];
        _entrySequence = new long[capacity];
        Array.Fill(_slotSequence, Empty);
    }

    public int Capacity { get; }

    public long MaxReportAgeMicroseconds { get; }

    /// <summary>The count the next feedback packet will carry (8 bits, wrapping).</summary>
    public byte FeedbackPacketCount => _feedbackPacketCount;

    /// <summary>True when a received packet has not been described by a feedback yet.</summary>
    public bool HasPendingFeedback => _started && _windowStart <= _highest;

    /// <summary>Records the arrival of the packet carrying <paramref name="transportSequenceNumber"/>. A duplicate keeps the first arrival.</summary>
    public void OnPacket(ushort transportSequenceNumber, long arrivalMicroseconds)
    {
        long sequence = _unwrapper.Unwrap(transportSequenceNumber);
        if (!_started)
        {
            _started = true;
            _highest = sequence;
            _windowStart = sequence;
        }
        else if (sequence > _highest)
        {
            _highest = sequence;
        }
        else if (sequence <= _highest - Capacity)
        {
            return; // older than anything the ring holds
        }

        int slot = (int)(sequence & _mask);
        if (_slotSequence[slot] == sequence)
            return;
        _slotSequence[slot] = sequence;
        _slotArrival[slot] = arrivalMicroseconds;
        if (sequence < _windowStart)
            _windowStart = sequence;
    }

    /// <summary>
    /// Writes one transport-cc feedback packet about what arrived since the previous one and returns its
    /// length, or 0 when there is nothing new. When the destination cannot hold all of it, the packet
    /// covers the oldest part and <see cref="HasPendingFeedback"/> stays true: call again for the rest.
    /// </summary>
    /// <param name="nowMicroseconds">The build time, on the clock of the arrival times.</param>
    /// <param name="destination">At least <see cref="TransportCcFeedback.MinLength"/> bytes.</param>
    /// <param name="senderSsrc">Our RTCP sender SSRC.</param>
    /// <param name="mediaSsrc">A media SSRC of the publisher (the feedback covers the whole transport; browsers expect one).</param>
    /// <exception cref="ArgumentException">The destination is shorter than <see cref="TransportCcFeedback.MinLength"/>.</exception>
    public int TryBuild(long nowMicroseconds, Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        if (!HasPendingFeedback)
            return 0;
        long start = Math.Max(_windowStart, _highest - Capacity + 1);
        start = SkipStale(start, nowMicroseconds - MaxReportAgeMicroseconds);
        if (start > _highest)
        {
            _windowStart = start;
            return 0;
        }

        int count = 0;
        if (!IsReceived(start))
            Add(TransportCcPacketStatus.NotReceived((ushort)start), start, ref count); // leading losses need an explicit base
        for (long sequence = start; sequence <= _highest; sequence++)
        {
            if (IsReceived(sequence))
                Add(TransportCcPacketStatus.Arrived((ushort)sequence, _slotArrival[sequence & _mask]), sequence, ref count);
        }

        int length = TransportCcFeedback.Write(destination, senderSsrc, mediaSsrc, _feedbackPacketCount,
            _entries.AsSpan(0, count), out int written);
        _feedbackPacketCount++;
        _windowStart = _entrySequence[written - 1] + 1;
        return length;
    }

    /// <summary>The first number at or after <paramref name="start"/> past the newest received packet that arrived before the cutoff.</summary>
    private long SkipStale(long start, long cutoffMicroseconds)
    {
        for (long sequence = _highest; sequence >= start; sequence--)
        {
            if (IsReceived(sequence) && _slotArrival[sequence & _mask] < cutoffMicroseconds)
                return sequence + 1;
        }
        return start;
    }

    private bool IsReceived(long sequence) => _slotSequence[sequence & _mask] == sequence;

    private void Add(TransportCcPacketStatus status, long sequence, ref int count)
    {
        _entries[count] = status;
        _entrySequence[count] = sequence;
        count++;
    }
}
