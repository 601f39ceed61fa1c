using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// RTCP feedback from a viewer or a publisher: NACK, PLI, FIR, REMB and transport-wide CC, each read the way the SFU
/// reads it, and written back through our writers where the value survives the wire format (NACK's lost list,
/// REMB's bitrate and SSRCs, transport-cc's statuses and arrival times).
/// </summary>
public static class RtcpFeedbackTarget
{
    /// <summary>The 24-bit reference time counts 64 ms units: it wraps every 2^24 × 64 ms.</summary>
    private const long ReferenceWrapMicroseconds = (1L << 24) * TransportCcFeedback.ReferenceTimeResolutionMicroseconds;

    [ThreadStatic] private static ushort[]? _lost, _lostAgain;
    [ThreadStatic] private static byte[]? _scratch;
    [ThreadStatic] private static List<TransportCcPacketStatus>? _statuses;

    public static void Run(ReadOnlySpan<byte> input)
    {
        var reader = new RtcpCompoundReader(input);
        while (reader.MoveNext())
        {
            RtcpPacket packet = reader.Current;
            if (GenericNack.TryParse(packet, out var nack)) CheckNack(nack);
            if (PictureLossIndication.TryParse(packet, out var pli)) _ = pli.MediaSsrc + pli.SenderSsrc;
            if (FullIntraRequest.TryParse(packet, out var fir))
                for (int i = 0; i < fir.EntryCount; i++) _ = fir.GetEntry(i);
            if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb)) CheckRemb(remb);
            if (TransportCcFeedback.TryParse(packet, out var twcc)) CheckTransportCc(twcc);
        }
    }

    private static void CheckNack(in GenericNack nack)
    {
        ushort[] lost = _lost ??= new ushort[17 * 16384];
        int count = nack.CopyLostSequenceNumbers(lost);
        if (count > 17 * nack.PairCount) throw new PropertyViolationException($"{count} lost numbers from {nack.PairCount} pairs");
        if (count == 0) return;
        byte[] scratch = _scratch ??= new byte[256 * 1024];
        int length = GenericNack.Write(scratch, nack.SenderSsrc, nack.MediaSsrc, lost.AsSpan(0, count));
        if (!RtcpPacket.TryParse(scratch.AsSpan(0, length), out var written) || !GenericNack.TryParse(written, out var again))
            throw new PropertyViolationException("a written NACK must parse");
        ushort[] lostAgain = _lostAgain ??= new ushort[17 * 16384];
        int countAgain = again.CopyLostSequenceNumbers(lostAgain);
        // Written pairs are greedy, so the same numbers may come back in another grouping: compare as sets.
        var first = new HashSet<ushort>(lost.AsSpan(0, count).ToArray());
        var second = new HashSet<ushort>(lostAgain.AsSpan(0, countAgain).ToArray());
        if (!first.SetEquals(second)) throw new PropertyViolationException("a NACK must keep its lost sequence numbers through a write");
    }

    private static void CheckRemb(in ReceiverEstimatedMaxBitrate remb)
    {
        var ssrcs = new uint[remb.SsrcCount];
        for (int i = 0; i < ssrcs.Length; i++) ssrcs[i] = remb.GetSsrc(i);
        byte[] scratch = _scratch ??= new byte[256 * 1024];
        int length = ReceiverEstimatedMaxBitrate.Write(scratch, remb.SenderSsrc, remb.Bitrate, ssrcs);
        if (!RtcpPacket.TryParse(scratch.AsSpan(0, length), out var written) || !ReceiverEstimatedMaxBitrate.TryParse(written, out var again))
            throw new PropertyViolationException("a written REMB must parse");
        if (again.Bitrate != ReceiverEstimatedMaxBitrate.Quantize(remb.Bitrate) || again.Bitrate > remb.Bitrate || again.SsrcCount != ssrcs.Length)
            throw new PropertyViolationException($"REMB {remb.Bitrate} bit/s came back as {again.Bitrate}");
        for (int i = 0; i < ssrcs.Length; i++)
            if (again.GetSsrc(i) != ssrcs[i]) throw new PropertyViolationException("REMB SSRCs changed");
    }

    private static void CheckTransportCc(in TransportCcFeedback twcc)
    {
        var statuses = _statuses ??= new List<TransportCcPacketStatus>();
        statuses.Clear();
        foreach (var status in twcc) statuses.Add(status);
        if (statuses.Count != twcc.PacketStatusCount)
            throw new PropertyViolationException($"enumerated {statuses.Count} of {twcc.PacketStatusCount} statuses");
        for (int i = 0; i < statuses.Count; i++)
            if (statuses[i].SequenceNumber != (ushort)(twcc.BaseSequenceNumber + i))
                throw new PropertyViolationException("statuses must come in sequence order");
        if (statuses.Count == 0) return;

        // Written again by our encoder (as the SFU writes feedback for a publisher), the statuses it takes read back
        // exactly (arrival times are already whole 250 µs ticks), up to the wrap of the 24-bit reference time: a
        // reference at the edge of its range (found by the fuzzer) reads back one wrap away, which receivers unwrap.
        byte[] scratch = _scratch ??= new byte[256 * 1024];
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(statuses);
        int length = TransportCcFeedback.Write(scratch, twcc.SenderSsrc, twcc.MediaSsrc, twcc.FeedbackPacketCount, span, out int written);
        if (written < 1) throw new PropertyViolationException("transport-cc feedback must take at least one entry");
        if (!RtcpPacket.TryParse(scratch.AsSpan(0, length), out var packet) || !TransportCcFeedback.TryParse(packet, out var again))
            throw new PropertyViolationException("written transport-cc feedback must parse");
        int index = 0;
        foreach (var status in again)
        {
            if (index >= written) throw new PropertyViolationException($"the rewritten feedback has more than the {written} entries written");
            var expected = statuses[index++];
            if (status.SequenceNumber != expected.SequenceNumber || status.Received != expected.Received
                || (status.Received && (status.ArrivalTimeMicroseconds - expected.ArrivalTimeMicroseconds) % ReferenceWrapMicroseconds != 0))
                throw new PropertyViolationException($"transport-cc entry {expected} came back as {status}");
        }
        if (index != written) throw new PropertyViolationException($"{written} entries written, {index} read back");
    }
}
