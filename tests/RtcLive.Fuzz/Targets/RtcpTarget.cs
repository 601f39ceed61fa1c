using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// A decrypted RTCP datagram: the compound reader, then the report and description readers on every packet. A
/// sender report without padding or extensions writes back to the same bytes.
/// </summary>
public static class RtcpTarget
{
    [ThreadStatic] private static byte[]? _scratch;

    public static void Run(ReadOnlySpan<byte> input)
    {
        var reader = new RtcpCompoundReader(input);
        int consumed = 0;
        while (reader.MoveNext())
        {
            RtcpPacket packet = reader.Current;
            consumed += packet.Packet.Length;
            _ = packet.Version + packet.Count + packet.LengthInWordsMinusOne + (int)packet.PacketType + packet.Body.Length;
            if (SenderReport.TryParse(packet, out var sr)) CheckSenderReport(packet, sr);
            if (ReceiverReport.TryParse(packet, out var rr))
                for (int i = 0; i < rr.ReportCount; i++) _ = rr.GetReportBlock(i);
            if (SourceDescription.TryParse(packet, out var sdes))
                foreach (SdesChunk chunk in sdes) chunk.TryGetCanonicalName(out _);
            if (Goodbye.TryParse(packet, out var bye))
                for (int i = 0; i < bye.SourceCount; i++) _ = bye.GetSsrc(i);
        }
        if (consumed > input.Length) throw new PropertyViolationException("the compound reader yielded more bytes than it was given");
    }

    private static void CheckSenderReport(in RtcpPacket packet, in SenderReport sr)
    {
        var blocks = new ReportBlock[sr.ReportCount];
        for (int i = 0; i < blocks.Length; i++) blocks[i] = sr.GetReportBlock(i);
        if (packet.HasPadding || packet.Packet.Length != SenderReport.GetLength(blocks.Length)) return;
        byte[] scratch = _scratch ??= new byte[SenderReport.GetLength(31)];
        int length = SenderReport.Write(scratch, sr.Ssrc, sr.Info, blocks);
        if (!scratch.AsSpan(0, length).SequenceEqual(packet.Packet))
            throw new PropertyViolationException("a sender report must write back to the bytes it was read from");
    }
}
