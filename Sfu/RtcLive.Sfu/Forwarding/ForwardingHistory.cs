namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// A fixed ring, indexed by output sequence number, of where each recent output packet came from. It
/// answers a subscriber's NACK (output seq → source SSRC and seq, to look up in the source's packet cache)
/// and tells duplicates from late packets. Holes left by upstream loss are recorded too, because those are
/// exactly the numbers a subscriber NACKs and the SFU must ask the publisher for.
/// </summary>
internal sealed class ForwardingHistory
{
    private readonly ForwardingHistoryEntry[] _entries;
    private readonly int _mask;

    /// <exception cref="ArgumentOutOfRangeException">The size is not a power of two from 16 to 32768.</exception>
    public ForwardingHistory(int size)
    {
        if (size is < 16 or > 32768 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "The history size is a power of two from 16 to 32768.");
        _entries = new ForwardingHistoryEntry[size];
        _mask = size - 1;
    }

    public int Size => _entries.Length;

    public void Record(ushort sequenceNumber, uint sourceSsrc, ushort sourceSequenceNumber, uint timestampOffset,
        Vp8PictureIdOffsets vp8, ForwardingHistoryState state)
    {
        ref ForwardingHistoryEntry entry = ref _entries[sequenceNumber & _mask];
        entry.SequenceNumber = sequenceNumber;
        entry.SourceSequenceNumber = sourceSequenceNumber;
        entry.SourceSsrc = sourceSsrc;
        entry.TimestampOffset = timestampOffset;
        entry.Vp8 = vp8;
        entry.State = state;
    }

    /// <summary>The entry for <paramref name="sequenceNumber"/>, if its slot still holds it.</summary>
    public bool TryGet(ushort sequenceNumber, out ForwardingHistoryEntry entry)
    {
        entry = _entries[sequenceNumber & _mask];
        return entry.State != ForwardingHistoryState.Empty && entry.SequenceNumber == sequenceNumber;
    }

    public bool WasForwarded(ushort sequenceNumber)
    {
        ref readonly ForwardingHistoryEntry entry = ref _entries[sequenceNumber & _mask];
        return entry.State == ForwardingHistoryState.Forwarded && entry.SequenceNumber == sequenceNumber;
    }
}
