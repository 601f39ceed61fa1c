using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// A reception report block (RFC 3550 §6.4.1), the per-source part of SR and RR packets.
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Loss since the previous report, as a fraction of 256.</param>
/// <param name="CumulativeLost">Packets lost since the start; 24-bit signed (duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles in the high 16 bits, highest sequence number in the low 16.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">LSR: the compact NTP time of the last SR from the source; 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">DLSR: 1/65536 s between that SR's arrival and this report.</param>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    public const int MaxCumulativeLost = 0x7FFFFF;
    public const int MinCumulativeLost = -0x800000;

    /// <summary>Reads a block from the first 24 bytes.</summary>
    /// <exception cref="ArgumentException">Fewer than 24 bytes (the packet readers check before calling).</exception>
    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Length)
            throw new ArgumentException("A report block is 24 bytes.", nameof(source));
        int lost = (source[5] << 16) | (source[6] << 8) | source[7];
        if ((lost & 0x800000) != 0)
            lost -= 0x1000000; // sign-extend the 24-bit field
        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(20)));
    }

    /// <summary>Writes the block into 24 bytes; the cumulative loss is clamped to the 24-bit range.</summary>
    /// <exception cref="ArgumentException">Fewer than 24 bytes.</exception>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Length)
            throw new ArgumentException("A report block is 24 bytes.", nameof(destination));
        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
    }

    /// <summary>
    /// The fraction-lost field for an interval (RFC 3550 A.3): lost/expected in 1/256, 0 when nothing was
    /// expected or more arrived than expected (duplicates).
    /// </summary>
    public static byte ComputeFractionLost(long expected, long received)
    {
        long lost = expected - received;
        if (expected <= 0 || lost <= 0)
            return 0;
        return (byte)Math.Min(255, (lost << 8) / expected);
    }
}
