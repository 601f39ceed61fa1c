using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1,
/// RTPFB FMT 15): for a range of transport-wide sequence numbers, which packets arrived and when.
/// Statuses are packed into 16-bit chunks (run-length, or vectors of 14 one-bit or 7 two-bit symbols),
/// followed by one receive delta per received packet: 1 byte when 0–63.75 ms after the previous arrival,
/// else 2 signed bytes; deltas count in 250 µs units from a reference time in 64 ms units.
/// <see cref="TryParse"/> checks the chunks and deltas against the packet, so enumerating
/// (<c>foreach (TransportCcPacketStatus s in feedback)</c>) cannot fail.
/// </summary>
public readonly ref struct TransportCcFeedback
{
    /// <summary>Microseconds per unit of a receive delta.</summary>
    public const int DeltaResolutionMicroseconds = 250;

    /// <summary>Microseconds per unit of the reference time.</summary>
    public const int ReferenceTimeResolutionMicroseconds = 64_000;

    /// <summary>Smallest buffer <see cref="Write"/> accepts; enough for one packet's status.</summary>
    public const int MinLength = 24;

    internal const int FixedFciLength = 8; // base seq, status count, reference time, fb pkt count

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private TransportCcFeedback(ReadOnlySpan<byte> body, ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas)
    {
        SenderSsrc = FeedbackHeader.SenderSsrc(body);
        MediaSsrc = FeedbackHeader.MediaSsrc(body);
        ReadOnlySpan<byte> fci = body.Slice(FeedbackHeader.BodyLength);
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(fci);
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(2));
        int reference = (fci[4] << 16) | (fci[5] << 8) | fci[6];
        ReferenceTime = (reference & 0x800000) != 0 ? reference - 0x1000000 : reference;
        FeedbackPacketCount = fci[7];
        _chunks = chunks;
        _deltas = deltas;
    }

    public uint SenderSsrc { get; }

    /// <summary>Unused by transport-cc (the feedback covers the whole transport); browsers send their media SSRC.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first packet described.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>Number of consecutive sequence numbers described, received or not.</summary>
    public int PacketStatusCount { get; }

    /// <summary>The reference time, a signed 24-bit count of 64 ms units (wraps about every 12 days).</summary>
    public int ReferenceTime { get; }

    public long ReferenceTimeMicroseconds => (long)ReferenceTime * ReferenceTimeResolutionMicroseconds;

    /// <summary>The feedback sender's 8-bit counter of feedback packets, for detecting lost feedback.</summary>
    public byte FeedbackPacketCount { get; }

    public Enumerator GetEnumerator() => new(_chunks, _deltas, BaseSequenceNumber, PacketStatusCount, ReferenceTimeMicroseconds);

    /// <summary>
    /// False unless the packet is RTPFB FMT 15 whose chunks describe every counted packet with valid symbols
    /// and whose deltas are all present.
    /// </summary>
    public static bool TryParse(in RtcpPacket packet, out TransportCcFeedback feedback)
    {
        feedback = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (!packet.IsFeedback(RtcpPacketType.RtpFeedback, RtpFeedbackFormat.TransportCc)
            || body.Length < FeedbackHeader.BodyLength + FixedFciLength)
            return false;
        ReadOnlySpan<byte> fci = body.Slice(FeedbackHeader.BodyLength);
        int count = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(2));

        int position = FixedFciLength;
        int described = 0;
        int deltaBytes = 0;
        while (described < count)
        {
            if (position + 2 > fci.Length)
                return false;
            int chunk = BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(position));
            position += 2;
            int symbols = Math.Min(TransportCcChunk.SymbolCount(chunk), count - described);
            if (TransportCcChunk.IsRunLength(chunk) && symbols > 0)
            {
                int symbol = TransportCcChunk.SymbolAt(chunk, 0); // a run repeats one symbol
                if (symbol == TransportCcChunk.Reserved)
                    return false;
                deltaBytes += symbols * TransportCcChunk.DeltaSize(symbol);
            }
            else
            {
                for (int i = 0; i < symbols; i++)
                {
                    int symbol = TransportCcChunk.SymbolAt(chunk, i);
                    if (symbol == TransportCcChunk.Reserved)
                        return false;
                    deltaBytes += TransportCcChunk.DeltaSize(symbol);
                }
            }
            described += symbols;
        }
        if (position + deltaBytes > fci.Length)
            return false;
        feedback = new TransportCcFeedback(body, fci.Slice(FixedFciLength, position - FixedFciLength), fci.Slice(position, deltaBytes));
        return true;
    }

    /// <summary>
    /// Writes feedback for <paramref name="packets"/> and returns its length; <paramref name="packetsWritten"/>
    /// tells how many entries it covers, the rest belong in the next feedback packet. Entries must be in
    /// strictly ascending sequence order, each 1–32767 after the one before (so wraparound is fine); numbers
    /// missing between them are reported as not received; a packet covers at most 65,535 numbers. The first
    /// entry is the base sequence number; the first received one sets the reference time. An entry stops the packet early when its delta from the previous arrival exceeds what
    /// 16 signed bits of 250 µs hold (about ±8.2 s) or when the destination is full. Arrival times are
    /// rounded down to 250 µs, and read back exactly so when they lie within 2^23 × 64 ms of time zero.
    /// </summary>
    /// <exception cref="ArgumentException">No entries, entries out of order, or a destination under <see cref="MinLength"/> bytes.</exception>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte feedbackPacketCount,
        ReadOnlySpan<TransportCcPacketStatus> packets, out int packetsWritten)
    {
        if (packets.IsEmpty)
            throw new ArgumentException("Feedback needs at least one packet.", nameof(packets));
        if (destination.Length < MinLength)
            throw new ArgumentException($"Transport-cc feedback needs at least {MinLength} bytes.", nameof(destination));

        long referenceUnits = TransportCcEncoder.ReferenceUnitsOf(packets);
        int usable = Math.Min(destination.Length, 4 * (ushort.MaxValue + 1));
        int entries = TransportCcEncoder.RepresentableEntries(packets, referenceUnits);
        if (TransportCcEncoder.Encode(packets.Slice(0, entries), referenceUnits, Span<byte>.Empty) > usable)
        {
            int fits = 1, tooMany = entries; // one entry always fits in MinLength bytes
            while (tooMany - fits > 1)
            {
                int middle = fits + (tooMany - fits) / 2;
                if (TransportCcEncoder.Encode(packets.Slice(0, middle), referenceUnits, Span<byte>.Empty) <= usable)
                    fits = middle;
                else
                    tooMany = middle;
            }
            entries = fits;
        }

        ReadOnlySpan<TransportCcPacketStatus> included = packets.Slice(0, entries);
        int length = TransportCcEncoder.Encode(included, referenceUnits, Span<byte>.Empty);
        Span<byte> fci = FeedbackHeader.Write(destination, RtcpPacketType.RtpFeedback, RtpFeedbackFormat.TransportCc,
            length, senderSsrc, mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(fci, included[0].SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(2), (ushort)(TransportCcEncoder.OffsetOf(included, entries - 1) + 1));
        fci[4] = (byte)(referenceUnits >> 16);
        fci[5] = (byte)(referenceUnits >> 8);
        fci[6] = (byte)referenceUnits;
        fci[7] = feedbackPacketCount;
        TransportCcEncoder.Encode(included, referenceUnits, destination.Slice(0, length));
        packetsWritten = entries;
        return length;
    }

    /// <summary>Yields every described packet in sequence order, with arrival times rebuilt from the deltas.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly ReadOnlySpan<byte> _deltas;
        private readonly ushort _baseSequenceNumber;
        private readonly int _count;
        private int _emitted;
        private int _chunkPosition;
        private int _chunk;
        private int _indexInChunk;
        private int _leftInChunk;
        private int _deltaPosition;
        private long _time;

        internal Enumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequenceNumber, int count, long referenceMicroseconds)
        {
            _chunks = chunks;
            _deltas = deltas;
            _baseSequenceNumber = baseSequenceNumber;
            _count = count;
            _emitted = 0;
            _chunkPosition = 0;
            _chunk = 0;
            _indexInChunk = 0;
            _leftInChunk = 0;
            _deltaPosition = 0;
            _time = referenceMicroseconds;
            Current = default;
        }

        public TransportCcPacketStatus Current { get; private set; }

        public bool MoveNext()
        {
            if (_emitted >= _count)
                return false;
            while (_leftInChunk == 0)
            {
                if (_chunkPosition + 2 > _chunks.Length)
                    return false; // unreachable after TryParse; keeps a hand-built enumerator safe
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks.Slice(_chunkPosition));
                _chunkPosition += 2;
                _indexInChunk = 0;
                _leftInChunk = TransportCcChunk.SymbolCount(_chunk);
            }

            int symbol = TransportCcChunk.SymbolAt(_chunk, _indexInChunk++);
            _leftInChunk--;
            ushort sequenceNumber = (ushort)(_baseSequenceNumber + _emitted++);
            switch (symbol)
            {
                case TransportCcChunk.SmallDelta when _deltaPosition + 1 <= _deltas.Length:
                    _time += _deltas[_deltaPosition] * DeltaResolutionMicroseconds;
                    _deltaPosition += 1;
                    Current = TransportCcPacketStatus.Arrived(sequenceNumber, _time);
                    break;
                case TransportCcChunk.LargeDelta when _deltaPosition + 2 <= _deltas.Length:
                    _time += BinaryPrimitives.ReadInt16BigEndian(_deltas.Slice(_deltaPosition)) * DeltaResolutionMicroseconds;
                    _deltaPosition += 2;
                    Current = TransportCcPacketStatus.Arrived(sequenceNumber, _time);
                    break;
                default:
                    Current = TransportCcPacketStatus.NotReceived(sequenceNumber);
                    break;
            }
            return true;
        }
    }
}
