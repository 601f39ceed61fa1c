using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>SR (RFC 3550 §6.4.1): the sender's clocks and counters, then up to 31 report blocks.</summary>
public readonly ref struct SenderReport
{
    private const int SenderInfoEnd = 24; // SSRC + NTP + RTP timestamp + packet and octet counts, in the body
    private readonly ReadOnlySpan<byte> _body;

    private SenderReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public SenderInfo Info => new(
        new NtpTimestamp(BinaryPrimitives.ReadUInt64BigEndian(_body.Slice(4))),
        BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(12)),
        BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16)),
        BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(20)));

    public int ReportCount { get; }

    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="ReportCount"/>.</exception>
    public ReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "No such report block.");
        return ReportBlock.Read(_body.Slice(SenderInfoEnd + ReportBlock.Length * index));
    }

    /// <summary>False unless the packet is an SR whose body holds the sender info and all its blocks.</summary>
    public static bool TryParse(in RtcpPacket packet, out SenderReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.SenderReport
            || packet.Body.Length < SenderInfoEnd + ReportBlock.Length * packet.Count)
            return false;
        report = new SenderReport(packet.Body, packet.Count);
        return true;
    }

    public static int GetLength(int reportCount) => RtcpPacket.HeaderLength + SenderInfoEnd + ReportBlock.Length * reportCount;

    /// <summary>Writes an SR and returns its length.</summary>
    /// <exception cref="ArgumentException">More than 31 blocks, or the destination is too short.</exception>
    public static int Write(Span<byte> destination, uint ssrc, in SenderInfo info, ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        if (reportBlocks.Length > 31)
            throw new ArgumentException("An SR carries at most 31 report blocks.", nameof(reportBlocks));
        int length = GetLength(reportBlocks.Length);
        RtcpPacket.EnsureRoom(destination, length);
        RtcpPacket.WriteHeader(destination, reportBlocks.Length, RtcpPacketType.SenderReport, length);
        Span<byte> body = destination.Slice(RtcpPacket.HeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(body, ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(body.Slice(4), info.NtpTimestamp.Value);
        BinaryPrimitives.WriteUInt32BigEndian(body.Slice(12), info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body.Slice(16), info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(body.Slice(20), info.OctetCount);
        for (int i = 0; i < reportBlocks.Length; i++)
            reportBlocks[i].Write(body.Slice(SenderInfoEnd + ReportBlock.Length * i));
        return length;
    }
}
