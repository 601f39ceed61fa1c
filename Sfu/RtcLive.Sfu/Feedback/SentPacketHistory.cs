namespace RtcLive.Sfu.Feedback;

/// <summary>
/// The packets we sent on one transport in the last <see cref="WindowMicroseconds"/>, keyed by our
/// transport-wide sequence number: send time and size, and what feedback has said about each, so that a
/// number reported twice (receivers re-report late arrivals) is counted once. A fixed ring indexed by
/// the low bits of the number; an entry older than the window, or overwritten, is unknown.
/// <para>The ring starts small and doubles, up to its capacity, when a packet would overwrite one still inside
/// the window: one per subscriber transport, so sizing every ring for the busiest path cost each subscriber
/// 192 KiB (8,192 entries of 24 bytes, on the large object heap) when a viewer at the middle layer needs a few
/// hundred. Growth allocates, but only while the rate climbs to a new high, a handful of times per transport.</para>
/// </summary>
public sealed class SentPacketHistory
{
    public const int DefaultCapacity = 8192; // 2 s at 4,000 packets/s, about 40 Mbit/s of full-size packets
    public const long DefaultWindowMicroseconds = 2_000_000;
    public const int DefaultInitialCapacity = 256; // 2 s at 128 packets/s: a viewer of the middle layer with audio

    private readonly int _capacity;
    private Entry[] _entries;
    private long _latestSendMicroseconds = long.MinValue;

    /// <param name="capacity">The most entries the ring grows to: a power of two from 16 to 32768 (so the ring
    /// divides the 16-bit number space).</param>
    /// <param name="windowMicroseconds">How long a sent packet stays known.</param>
    /// <param name="initialCapacity">Entries to start with (a power of two, at least 16; the capacity if larger).</param>
    /// <exception cref="ArgumentOutOfRangeException">A capacity that is not such a power of two, or a non-positive window.</exception>
    public SentPacketHistory(int capacity = DefaultCapacity, long windowMicroseconds = DefaultWindowMicroseconds,
        int initialCapacity = DefaultInitialCapacity)
    {
        if (capacity < 16 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity is a power of two from 16 to 32768.");
        if (initialCapacity < 16 || (initialCapacity & (initialCapacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(initialCapacity), initialCapacity, "The initial capacity is a power of two, at least 16.");
        if (windowMicroseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(windowMicroseconds), windowMicroseconds, "The window must be positive.");
        _capacity = capacity;
        _entries = new Entry[Math.Min(initialCapacity, capacity)];
        WindowMicroseconds = windowMicroseconds;
    }

    public long WindowMicroseconds { get; }

    /// <summary>Entries the ring holds now (grows toward <see cref="Capacity"/> with the send rate).</summary>
    public int CurrentCapacity => Volatile.Read(ref _entries).Length;

    /// <summary>The most entries the ring grows to.</summary>
    public int Capacity => _capacity;

    public void OnSent(ushort sequenceNumber, int size, long sendMicroseconds)
    {
        var entries = _entries;
        ref Entry entry = ref entries[sequenceNumber & (entries.Length - 1)];
        while (entry.Used && entry.SequenceNumber != sequenceNumber
            && entry.SendMicroseconds >= sendMicroseconds - WindowMicroseconds && entries.Length < _capacity)
        {
            entries = Grow(entries);
            entry = ref entries[sequenceNumber & (entries.Length - 1)];
        }
        entry = new Entry(sequenceNumber, size, sendMicroseconds, EntryState.Unreported, true);
        if (sendMicroseconds > _latestSendMicroseconds)
            _latestSendMicroseconds = sendMicroseconds;
    }

    /// <summary>
    /// Applies one status from feedback and says what is new; <paramref name="sendMicroseconds"/> and
    /// <paramref name="size"/> are set for every known packet.
    /// </summary>
    public PacketFeedbackChange Acknowledge(ushort sequenceNumber, bool received, out long sendMicroseconds, out int size)
    {
        // Read the ring once: feedback may be taken on another thread than sends (a node with several ports), and
        // a length taken from the same array keeps the index in range across a growth.
        var entries = Volatile.Read(ref _entries);
        ref Entry entry = ref entries[sequenceNumber & (entries.Length - 1)];
        if (!entry.Used || entry.SequenceNumber != sequenceNumber
            || entry.SendMicroseconds < _latestSendMicroseconds - WindowMicroseconds)
        {
            sendMicroseconds = 0;
            size = 0;
            return PacketFeedbackChange.Unknown;
        }

        sendMicroseconds = entry.SendMicroseconds;
        size = entry.Size;
        switch (entry.State)
        {
            case EntryState.Unreported:
                entry.State = received ? EntryState.Received : EntryState.Lost;
                return received ? PacketFeedbackChange.Received : PacketFeedbackChange.Lost;
            case EntryState.Lost when received:
                entry.State = EntryState.Received;
                return PacketFeedbackChange.ReceivedAfterLoss;
            default:
                return PacketFeedbackChange.Repeated;
        }
    }

    /// <summary>
    /// Twice the entries, each at its number's slot in the larger ring: numbers that shared a slot of the old
    /// ring differ in a multiple of its size, so no two live entries meet in the new one.
    /// </summary>
    private Entry[] Grow(Entry[] entries)
    {
        var grown = new Entry[entries.Length * 2];
        int mask = grown.Length - 1;
        foreach (ref readonly Entry entry in entries.AsSpan())
            if (entry.Used) grown[entry.SequenceNumber & mask] = entry;
        Volatile.Write(ref _entries, grown);
        return grown;
    }

    private enum EntryState : byte
    {
        Unreported,
        Lost,
        Received,
    }

    // Widest field first: 16 bytes an entry instead of 24 with the padding the declared order cost.
    private struct Entry(ushort sequenceNumber, int size, long sendMicroseconds, EntryState state, bool used)
    {
        public readonly long SendMicroseconds = sendMicroseconds;
        public readonly int Size = size;
        public readonly ushort SequenceNumber = sequenceNumber;
        public EntryState State = state;
        public readonly bool Used = used;
    }
}
