using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// FIR (RFC 5104 §4.3.1, PSFB FMT 4): keyframe requests with a sequence number per target, so a sender can
/// tell a retransmitted request from a new one. The header's media SSRC is unused (0).
/// </summary>
public readonly ref struct FullIntraRequest
{
    private const int EntryLength = 8; // SSRC, seq nr, 3 reserved bytes
    private readonly ReadOnlySpan<byte> _fci;

    private FullIntraRequest(uint senderSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        _fci = fci;
    }

    public uint SenderSsrc { get; }

    public int EntryCount => _fci.Length / EntryLength;

    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="EntryCount"/>.</exception>
    public FullIntraRequestEntry GetEntry(int index)
    {
        if ((uint)index >= (uint)EntryCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "No such FIR entry.");
        ReadOnlySpan<byte> entry = _fci.Slice(EntryLength * index);
        return new FullIntraRequestEntry(BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
    }

    /// <summary>False unless the packet is PSFB FMT 4 with at least one whole entry.</summary>
    public static bool TryParse(in RtcpPacket packet, out FullIntraRequest fir)
    {
        fir = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (!packet.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.FullIntraRequest)
            || body.Length < FeedbackHeader.BodyLength + EntryLength)
            return false;
        ReadOnlySpan<byte> fci = body.Slice(FeedbackHeader.BodyLength);
        fir = new FullIntraRequest(FeedbackHeader.SenderSsrc(body), fci.Slice(0, fci.Length - fci.Length % EntryLength));
        return true;
    }

    public static int GetLength(int entryCount) => FeedbackHeader.Length + EntryLength * entryCount;

    /// <summary>Writes a FIR with one entry and returns its length (20 bytes).</summary>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber) =>
        Write(destination, senderSsrc, [new FullIntraRequestEntry(mediaSsrc, sequenceNumber)]);

    /// <summary>Writes a FIR and returns its length.</summary>
    /// <exception cref="ArgumentException">No entries, or the destination is too short.</exception>
    public static int Write(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FullIntraRequestEntry> entries)
    {
        if (entries.IsEmpty)
            throw new ArgumentException("A FIR needs at least one entry.", nameof(entries));
        int length = GetLength(entries.Length);
        Span<byte> fci = FeedbackHeader.Write(destination, RtcpPacketType.PayloadSpecificFeedback,
            PayloadSpecificFeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        for (int i = 0; i < entries.Length; i++)
        {
            Span<byte> entry = fci.Slice(EntryLength * i, EntryLength);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry.Slice(5).Clear();
        }
        return length;
    }
}
