using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>RR (RFC 3550 §6.4.2): the reporter's SSRC and up to 31 report blocks. Chrome also sends empty ones.</summary>
public readonly ref struct ReceiverReport
{
    private const int BlocksStart = 4;
    private readonly ReadOnlySpan<byte> _body;

    private ReceiverReport(ReadOnlySpan<byte> body, int reportCount)
    {
        _body = body;
        ReportCount = reportCount;
    }

    /// <summary>SSRC of the reporter.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public int ReportCount { get; }

    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="ReportCount"/>.</exception>
    public ReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "No such report block.");
        return ReportBlock.Read(_body.Slice(BlocksStart + ReportBlock.Length * index));
    }

    /// <summary>False unless the packet is an RR whose body holds the SSRC and all its blocks.</summary>
    public static bool TryParse(in RtcpPacket packet, out ReceiverReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.ReceiverReport
            || packet.Body.Length < BlocksStart + ReportBlock.Length * packet.Count)
            return false;
        report = new ReceiverReport(packet.Body, packet.Count);
        return true;
    }

    public static int GetLength(int reportCount) => RtcpPacket.HeaderLength + BlocksStart + ReportBlock.Length * reportCount;

    /// <summary>Writes an RR and returns its length.</summary>
    /// <exception cref="ArgumentException">More than 31 blocks, or the destination is too short.</exception>
    public static int Write(Span<byte> destination, uint ssrc, ReadOnlySpan<ReportBlock> reportBlocks = default)
    {
        if (reportBlocks.Length > 31)
            throw new ArgumentException("An RR carries at most 31 report blocks.", nameof(reportBlocks));
        int length = GetLength(reportBlocks.Length);
        RtcpPacket.EnsureRoom(destination, length);
        RtcpPacket.WriteHeader(destination, reportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(RtcpPacket.HeaderLength), ssrc);
        for (int i = 0; i < reportBlocks.Length; i++)
            reportBlocks[i].Write(destination.Slice(RtcpPacket.HeaderLength + BlocksStart + ReportBlock.Length * i));
        return length;
    }
}
