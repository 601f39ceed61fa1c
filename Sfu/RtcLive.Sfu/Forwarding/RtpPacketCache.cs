using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// The last <see cref="Capacity"/> packets of one published stream (one SSRC), by sequence number, for
/// answering NACKs without asking the publisher. All memory is one array allocated up front: slot
/// <c>seq % Capacity</c> holds a packet together with its sequence number and SSRC, so a slot that has
/// since been reused, or still holds a packet of an earlier SSRC, is never returned for the wrong number.
/// </summary>
/// <remarks>
/// One writer (the publisher's receive path) and any number of readers (the paths answering subscribers'
/// NACKs, possibly on other threads). Instead of a lock, each slot carries a version that is odd while the
/// slot is being written; a reader that sees it odd or changed across its copy reports a miss, and the
/// caller falls back to asking the publisher.
/// </remarks>
public sealed class RtpPacketCache
{
    public const int DefaultCapacity = 512;

    /// <summary>A full-size packet on an Ethernet path; larger ones are not cached.</summary>
    public const int DefaultSlotSize = 1500;

    private readonly byte[] _packets;
    private readonly Slot[] _slots;
    private readonly int _mask;
    private uint _ssrc;
    private bool _hasPackets;
    private ushort _newest;

    /// <param name="capacity">Packets kept: a power of two from 16 to 32768.</param>
    /// <param name="slotSize">Largest packet kept, in bytes (at least an RTP header).</param>
    public RtpPacketCache(int capacity = DefaultCapacity, int slotSize = DefaultSlotSize)
    {
        if (capacity is < 16 or > 32768 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity is a power of two from 16 to 32768.");
        if (slotSize is < RtpPacket.FixedHeaderLength or > 65535)
            throw new ArgumentOutOfRangeException(nameof(slotSize), slotSize, "A slot holds one RTP packet: 12 to 65535 bytes.");
        _packets = new byte[capacity * slotSize];
        _slots = new Slot[capacity];
        _mask = capacity - 1;
        SlotSize = slotSize;
    }

    public int Capacity => _slots.Length;

    public int SlotSize { get; }

    /// <summary>The SSRC of the packets held; null before the first. A new SSRC makes older packets unreachable.</summary>
    public uint? Ssrc => Volatile.Read(ref _hasPackets) ? Volatile.Read(ref _ssrc) : null;

    /// <summary>
    /// The highest sequence number stored of the current SSRC; false before the first packet. Read it on the
    /// writer's thread (the forwarding path): other threads may see a stale value.
    /// </summary>
    public bool TryGetNewest(out ushort sequenceNumber)
    {
        sequenceNumber = _newest;
        return Volatile.Read(ref _hasPackets);
    }

    /// <summary>
    /// Keeps a copy of <paramref name="packet"/>. False, storing nothing, when it does not parse, is larger
    /// than a slot, or is so old that keeping it would evict newer packets.
    /// </summary>
    public bool Store(ReadOnlySpan<byte> packet)
    {
        if (packet.Length > SlotSize || !RtpHeader.TryParse(packet, out var header))
            return false;
        ushort sequenceNumber = header.SequenceNumber;
        uint ssrc = header.Ssrc;

        if (!_hasPackets || ssrc != _ssrc)
        {
            // Packets of an earlier SSRC stay in their slots but no longer match on lookup.
            Volatile.Write(ref _ssrc, ssrc);
            _newest = sequenceNumber;
            Volatile.Write(ref _hasPackets, true);
        }
        else
        {
            int ahead = SequenceNumber.Distance(_newest, sequenceNumber);
            if (ahead <= -Capacity)
                return false;
            if (ahead > 1)
                ClearSkipped(ahead - 1, sequenceNumber);
            if (ahead > 0)
                _newest = sequenceNumber;
        }

        ref Slot slot = ref _slots[sequenceNumber & _mask];
        // Odd while writing; the full fence keeps the copy below from being seen before the version change.
        int version = Interlocked.Increment(ref slot.Version);
        packet.CopyTo(_packets.AsSpan((sequenceNumber & _mask) * SlotSize, SlotSize));
        slot.SequenceNumber = sequenceNumber;
        slot.Ssrc = ssrc;
        slot.Length = packet.Length;
        Volatile.Write(ref slot.Version, version + 1);
        return true;
    }

    /// <summary>
    /// Copies the packet with sequence number <paramref name="sequenceNumber"/> of the current SSRC into
    /// <paramref name="destination"/>. False when it is not held (never stored, evicted, or being
    /// overwritten right now) or the destination is too small.
    /// </summary>
    public bool TryGet(ushort sequenceNumber, Span<byte> destination, out int length)
    {
        length = 0;
        if (!Volatile.Read(ref _hasPackets))
            return false;
        uint ssrc = Volatile.Read(ref _ssrc);
        int behind = SequenceNumber.Distance(sequenceNumber, _newest);
        if (behind < 0 || behind >= Capacity)
            return false;

        ref Slot slot = ref _slots[sequenceNumber & _mask];
        int version = Volatile.Read(ref slot.Version);
        if ((version & 1) != 0)
            return false;
        int stored = slot.Length;
        if (stored == 0 || slot.SequenceNumber != sequenceNumber || slot.Ssrc != ssrc || stored > destination.Length)
            return false;
        _packets.AsSpan((sequenceNumber & _mask) * SlotSize, stored).CopyTo(destination);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref slot.Version) != version)
            return false;
        length = stored;
        return true;
    }

    /// <summary>
    /// Empties the slots of the <paramref name="count"/> numbers lost just before <paramref name="sequenceNumber"/>,
    /// so that a slot left over from a lap of the sequence space (65536 packets ago) can never pass for them.
    /// </summary>
    private void ClearSkipped(int count, ushort sequenceNumber)
    {
        for (int i = Math.Min(count, Capacity); i >= 1; i--)
        {
            ref Slot slot = ref _slots[(sequenceNumber - i) & _mask];
            if (slot.Length == 0)
                continue;
            int version = Interlocked.Increment(ref slot.Version);
            slot.Length = 0;
            Volatile.Write(ref slot.Version, version + 1);
        }
    }

    private struct Slot
    {
        public int Version;
        public int Length;
        public uint Ssrc;
        public ushort SequenceNumber;
    }
}
