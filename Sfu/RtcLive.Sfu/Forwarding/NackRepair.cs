namespace RtcLive.Sfu.Forwarding;

/// <summary>One lost output packet as <see cref="NackResponder"/> resolved it.</summary>
public readonly ref struct NackRepair
{
    internal NackRepair(NackRepairKind kind, ushort sequenceNumber, uint sourceSsrc, ushort sourceSequenceNumber, ReadOnlySpan<byte> packet)
    {
        Kind = kind;
        SequenceNumber = sequenceNumber;
        SourceSsrc = sourceSsrc;
        SourceSequenceNumber = sourceSequenceNumber;
        Packet = packet;
    }

    public NackRepairKind Kind { get; }

    /// <summary>The output sequence number the subscriber reported lost.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>The publisher's SSRC behind it (not meaningful when <see cref="NackRepairKind.Unavailable"/>).</summary>
    public uint SourceSsrc { get; }

    /// <summary>The publisher's sequence number behind it (not meaningful when <see cref="NackRepairKind.Unavailable"/>).</summary>
    public ushort SourceSequenceNumber { get; }

    /// <summary>For <see cref="NackRepairKind.Resend"/>: the packet rewritten exactly as first forwarded, at the
    /// start of the responder's buffer (valid until the next <see cref="NackResponder.MoveNext"/>); wrap it
    /// with <c>RtxPacket.TryWrap</c> when RTX is negotiated. Empty otherwise.</summary>
    public ReadOnlySpan<byte> Packet { get; }
}
