using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1, RTPFB FMT 1): lost packets of one media source as (PID, BLP) pairs, where
/// PID is a lost sequence number and bit i of BLP marks PID + i + 1 as lost too.
/// </summary>
public readonly ref struct GenericNack
{
    private const int PairLength = 4;
    private readonly ReadOnlySpan<byte> _fci;

    private GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    public uint SenderSsrc { get; }

    /// <summary>The stream whose packets are lost.</summary>
    public uint MediaSsrc { get; }

    public int PairCount => _fci.Length / PairLength;

    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="PairCount"/>.</exception>
    public (ushort PacketId, ushort LostBitmask) GetPair(int index)
    {
        if ((uint)index >= (uint)PairCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "No such NACK pair.");
        ReadOnlySpan<byte> pair = _fci.Slice(PairLength * index);
        return (BinaryPrimitives.ReadUInt16BigEndian(pair), BinaryPrimitives.ReadUInt16BigEndian(pair.Slice(2)));
    }

    /// <summary>All lost sequence numbers, pair by pair (<c>foreach (ushort seq in nack.LostSequenceNumbers)</c>).</summary>
    public LostSequenceNumberEnumerator LostSequenceNumbers => new(_fci);

    /// <summary>
    /// Copies the lost sequence numbers into <paramref name="destination"/> and returns how many it wrote;
    /// it stops when the destination is full (up to 17 per pair fit in the worst case).
    /// </summary>
    public int CopyLostSequenceNumbers(Span<ushort> destination)
    {
        int count = 0;
        foreach (ushort sequenceNumber in LostSequenceNumbers)
        {
            if (count == destination.Length)
                break;
            destination[count++] = sequenceNumber;
        }
        return count;
    }

    /// <summary>False unless the packet is RTPFB FMT 1 with both SSRCs; a trailing partial pair is ignored.</summary>
    public static bool TryParse(in RtcpPacket packet, out GenericNack nack)
    {
        nack = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (!packet.IsFeedback(RtcpPacketType.RtpFeedback, RtpFeedbackFormat.GenericNack) || body.Length < FeedbackHeader.BodyLength)
            return false;
        ReadOnlySpan<byte> fci = body.Slice(FeedbackHeader.BodyLength);
        nack = new GenericNack(FeedbackHeader.SenderSsrc(body), FeedbackHeader.MediaSsrc(body), fci.Slice(0, fci.Length & ~3));
        return true;
    }

    /// <summary>Bytes <see cref="Write"/> will need for these lost sequence numbers.</summary>
    public static int GetLength(ReadOnlySpan<ushort> lostSequenceNumbers) =>
        FeedbackHeader.Length + PairLength * BuildPairs(lostSequenceNumbers, Span<byte>.Empty);

    /// <summary>
    /// Writes a NACK for <paramref name="lostSequenceNumbers"/> and returns its length. Given in ascending
    /// (wraparound-aware) order, as a receiver detects them, the numbers pack into the fewest pairs; any
    /// other order is still correct, only less compact. Duplicates are harmless.
    /// </summary>
    /// <exception cref="ArgumentException">No sequence numbers, or the destination is too short.</exception>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        if (lostSequenceNumbers.IsEmpty)
            throw new ArgumentException("A NACK needs at least one lost sequence number.", nameof(lostSequenceNumbers));
        int length = GetLength(lostSequenceNumbers);
        Span<byte> fci = FeedbackHeader.Write(destination, RtcpPacketType.RtpFeedback, RtpFeedbackFormat.GenericNack, length, senderSsrc, mediaSsrc);
        BuildPairs(lostSequenceNumbers, fci);
        return length;
    }

    /// <summary>Greedy packing: a pair starts at the first number its predecessor cannot cover. Writes the
    /// pairs when <paramref name="fci"/> is not empty; returns their count either way.</summary>
    private static int BuildPairs(ReadOnlySpan<ushort> lost, Span<byte> fci)
    {
        int pairs = 0;
        int packetId = -1;
        int bitmask = 0;
        foreach (ushort sequenceNumber in lost)
        {
            if (packetId >= 0)
            {
                int ahead = (ushort)(sequenceNumber - packetId);
                if (ahead == 0)
                    continue;
                if (ahead <= 16)
                {
                    bitmask |= 1 << (ahead - 1);
                    continue;
                }
                Emit(fci, pairs++, packetId, bitmask);
            }
            packetId = sequenceNumber;
            bitmask = 0;
        }
        if (packetId >= 0)
            Emit(fci, pairs++, packetId, bitmask);
        return pairs;

        static void Emit(Span<byte> fci, int index, int packetId, int bitmask)
        {
            if (fci.IsEmpty)
                return;
            BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(PairLength * index), (ushort)packetId);
            BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(PairLength * index + 2), (ushort)bitmask);
        }
    }

    /// <summary>Expands (PID, BLP) pairs into sequence numbers without allocating.</summary>
    public ref struct LostSequenceNumberEnumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private int _pair;   // index of the pair being expanded
        private int _bit;    // -1: PID itself is next; 0–15: BLP bits
        private ushort _packetId;
        private ushort _bitmask;

        internal LostSequenceNumberEnumerator(ReadOnlySpan<byte> fci)
        {
            _fci = fci;
            _pair = -1;
            _bit = 16;
            _packetId = 0;
            _bitmask = 0;
            Current = 0;
        }

        public ushort Current { get; private set; }

        public readonly LostSequenceNumberEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (true)
            {
                while (_bit < 16)
                {
                    int bit = _bit++;
                    if (bit < 0)
                    {
                        Current = _packetId;
                        return true;
                    }
                    if ((_bitmask & (1 << bit)) != 0)
                    {
                        Current = (ushort)(_packetId + bit + 1);
                        return true;
                    }
                }
                if ((_pair + 1) * PairLength >= _fci.Length)
                    return false;
                _pair++;
                _packetId = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(PairLength * _pair));
                _bitmask = BinaryPrimitives.ReadUInt16BigEndian(_fci.Slice(PairLength * _pair + 2));
                _bit = -1;
            }
        }
    }
}
