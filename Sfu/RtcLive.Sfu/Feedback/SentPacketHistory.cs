namespace RtcLive.Sfu.Feedback;

/// <summary>
/// The packets we sent on one transport in the last <see cref="WindowMicroseconds"/>, keyed by our
/// transport-wide sequence number: send time and size, and what feedback has said about each, so that a
/// number reported twice (receivers re-report late arrivals) is counted once. A fixed ring indexed by
/// the low bits of the number; an entry older than the window, or overwritten, is unknown.
/// </summary>
public sealed class SentPacketHistory
{
    public const int DefaultCapacity = 8192; // 2 s at 4,000 packets/s, about 40 Mbit/s of full-size packets
    public const long DefaultWindowMicroseconds = 2_000_000;

    private readonly Entry[] _entries;
    private readonly int _mask;
    private long _latestSendMicroseconds = long.MinValue;

    /// <param name="capacity">A power of two from 16 to 32768 (so the ring divides the 16-bit number space).</param>
    /// <param name="windowMicroseconds">How long a sent packet stays known.</param>
    /// <exception cref="ArgumentOutOfRangeException">A capacity that is not such a power of two, or a non-positive window.</exception>
    public SentPacketHistory(int capacity = DefaultCapacity, long windowMicroseconds = DefaultWindowMicroseconds)
    {
        if (capacity < 16 || capacity > 32768 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity is a power of two from 16 to 32768.");
        if (windowMicroseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(windowMicroseconds), windowMicroseconds, "The window must be positive.");
        _entries = new Entry[capacity];
        _mask = capacity - 1;
        WindowMicroseconds = windowMicroseconds;
    }

    public long WindowMicroseconds { get; }

    public void OnSent(ushort sequenceNumber, int size, long sendMicroseconds)
    {
        ref Entry entry = ref _entries[sequenceNumber & _mask];
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
        ref Entry entry = ref _entries[sequenceNumber & _mask];
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

    private enum EntryState : byte
    {
        Unreported,
        Lost,
        Received,
    }

    private struct Entry(ushort sequenceNumber, int size, long sendMicroseconds, EntryState state, bool used)
    {
        public readonly ushort SequenceNumber = sequenceNumber;
        public readonly int Size = size;
        public readonly long SendMicroseconds = sendMicroseconds;
        public EntryState State = state;
        public readonly bool Used = used;
    }
}
