using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// Builds the status chunks and receive deltas of transport-cc feedback from a receiver's list of packet
/// statuses; <see cref="TransportCcFeedback.Write"/> decides how many entries go in and writes the rest.
/// Times are quantised to 250 µs ticks once, and deltas are differences of ticks, so rounding never adds
/// up over a long feedback packet.
/// </summary>
internal static class TransportCcEncoder
{
    private const int TicksPerReferenceUnit =
        TransportCcFeedback.ReferenceTimeResolutionMicroseconds / TransportCcFeedback.DeltaResolutionMicroseconds; // 256

    /// <summary>The reference time (64 ms units) from the first received entry; 0 when none arrived.</summary>
    public static long ReferenceUnitsOf(ReadOnlySpan<TransportCcPacketStatus> packets)
    {
        foreach (var packet in packets)
            if (packet.Received)
                return FloorDivide(packet.ArrivalTimeMicroseconds, TransportCcFeedback.ReferenceTimeResolutionMicroseconds);
        return 0;
    }

    /// <summary>How many leading entries fit the format: ascending, within the 16-bit status count, and with
    /// every delta inside 16 signed bits.</summary>
    public static int RepresentableEntries(ReadOnlySpan<TransportCcPacketStatus> packets, long referenceUnits)
    {
        long previousTicks = referenceUnits * TicksPerReferenceUnit;
        int offset = 0;
        for (int i = 0; i < packets.Length; i++)
        {
            if (i > 0)
            {
                int step = (ushort)(packets[i].SequenceNumber - packets[i - 1].SequenceNumber);
                if (step is 0 or >= 0x8000)
                    throw new ArgumentException("Packets must be in ascending sequence order without duplicates.", nameof(packets));
                offset += step;
            }
            if (offset >= ushort.MaxValue)
                return i; // the status count is 16 bits
            if (packets[i].Received)
            {
                long ticks = FloorDivide(packets[i].ArrivalTimeMicroseconds, TransportCcFeedback.DeltaResolutionMicroseconds);
                if (ticks - previousTicks is < short.MinValue or > short.MaxValue)
                    return i;
                previousTicks = ticks;
            }
        }
        return packets.Length;
    }

    /// <summary>
    /// Encodes the chunks and deltas of <paramref name="packets"/> and returns the packet's padded length.
    /// With an empty <paramref name="packet"/> it only measures; otherwise it writes from byte 20 on.
    /// </summary>
    public static int Encode(ReadOnlySpan<TransportCcPacketStatus> packets, long referenceUnits, Span<byte> packet)
    {
        bool write = !packet.IsEmpty;
        int chunkPosition = FeedbackHeader.Length + TransportCcFeedback.FixedFciLength;
        int count = OffsetOf(packets, packets.Length - 1) + 1;
        var cursor = new SymbolCursor(packets, referenceUnits * TicksPerReferenceUnit);

        // Chunks first: greedy, a run-length chunk for runs of 14+ (or 7+ when two-bit symbols are near),
        // otherwise the widest vector chunk whose symbol size holds the next symbols.
        while (cursor.Position < count)
        {
            int remaining = count - cursor.Position;
            int run = cursor.RunLength(Math.Min(remaining, TransportCcChunk.MaxRunLength));
            int chunk;
            if (run >= TransportCcChunk.OneBitSymbols)
            {
                chunk = TransportCcChunk.RunLength(cursor.Peek(), run);
                cursor.Skip(run);
            }
            else if (!cursor.HasLargeDeltaWithin(Math.Min(TransportCcChunk.OneBitSymbols, remaining)))
            {
                chunk = TransportCcChunk.OneBitVector;
                int symbols = Math.Min(TransportCcChunk.OneBitSymbols, remaining);
                for (int i = 0; i < symbols; i++)
                    chunk = TransportCcChunk.WithOneBitSymbol(chunk, i, cursor.Next());
            }
            else if (run >= TransportCcChunk.TwoBitSymbols)
            {
                chunk = TransportCcChunk.RunLength(cursor.Peek(), run);
                cursor.Skip(run);
            }
            else
            {
                chunk = TransportCcChunk.TwoBitVector;
                int symbols = Math.Min(TransportCcChunk.TwoBitSymbols, remaining);
                for (int i = 0; i < symbols; i++)
                    chunk = TransportCcChunk.WithTwoBitSymbol(chunk, i, cursor.Next());
            }
            if (write)
                BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(chunkPosition), (ushort)chunk);
            chunkPosition += 2;
        }

        // Then one delta per received packet, in order, relative to the previous arrival.
        int deltaPosition = chunkPosition;
        long previousTicks = referenceUnits * TicksPerReferenceUnit;
        foreach (var status in packets)
        {
            if (!status.Received)
                continue;
            long ticks = FloorDivide(status.ArrivalTimeMicroseconds, TransportCcFeedback.DeltaResolutionMicroseconds);
            long delta = ticks - previousTicks;
            previousTicks = ticks;
            if (delta is >= 0 and <= 255)
            {
                if (write)
                    packet[deltaPosition] = (byte)delta;
                deltaPosition += 1;
            }
            else
            {
                if (write)
                    BinaryPrimitives.WriteInt16BigEndian(packet.Slice(deltaPosition), (short)delta);
                deltaPosition += 2;
            }
        }

        int length = (deltaPosition + 3) & ~3;
        if (write)
            packet.Slice(deltaPosition, length - deltaPosition).Clear(); // zero padding, P bit clear
        return length;
    }

    public static int OffsetOf(ReadOnlySpan<TransportCcPacketStatus> packets, int index) =>
        (ushort)(packets[index].SequenceNumber - packets[0].SequenceNumber);

    public static long FloorDivide(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>
    /// Walks the status symbols of the writer's entries in sequence order, including the not-received symbols
    /// of gaps between entries. A plain struct, so a copy can look ahead without moving the original.
    /// </summary>
    private ref struct SymbolCursor
    {
        private readonly ReadOnlySpan<TransportCcPacketStatus> _packets;
        private int _entry;          // next entry not yet passed
        private long _previousTicks; // arrival of the last received entry passed, in 250 µs ticks

        public SymbolCursor(ReadOnlySpan<TransportCcPacketStatus> packets, long referenceTicks)
        {
            _packets = packets;
            _entry = 0;
            _previousTicks = referenceTicks;
            Position = 0;
        }

        public int Position { get; private set; }

        public readonly int Peek()
        {
            if (_entry >= _packets.Length || OffsetOf(_packets, _entry) != Position || !_packets[_entry].Received)
                return TransportCcChunk.NotReceived;
            long delta = FloorDivide(_packets[_entry].ArrivalTimeMicroseconds, TransportCcFeedback.DeltaResolutionMicroseconds) - _previousTicks;
            return delta is >= 0 and <= 255 ? TransportCcChunk.SmallDelta : TransportCcChunk.LargeDelta;
        }

        public int Next()
        {
            int symbol = Peek();
            if (_entry < _packets.Length && OffsetOf(_packets, _entry) == Position)
            {
                if (_packets[_entry].Received)
                    _previousTicks = FloorDivide(_packets[_entry].ArrivalTimeMicroseconds, TransportCcFeedback.DeltaResolutionMicroseconds);
                _entry++;
            }
            Position++;
            return symbol;
        }

        public void Skip(int symbols)
        {
            for (int i = 0; i < symbols; i++)
                Next();
        }

        /// <summary>Length of the run of identical symbols from here, up to <paramref name="max"/>.</summary>
        public readonly int RunLength(int max)
        {
            var scan = this;
            int first = scan.Peek();
            int run = 0;
            while (run < max && scan.Peek() == first)
            {
                scan.Next();
                run++;
            }
            return run;
        }

        public readonly bool HasLargeDeltaWithin(int symbols)
        {
            var scan = this;
            for (int i = 0; i < symbols; i++)
                if (scan.Next() == TransportCcChunk.LargeDelta)
                    return true;
            return false;
        }
    }
}
