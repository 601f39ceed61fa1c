using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Rtcp;

public class RtcpFuzzTests(ITestOutputHelper output)
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static byte[][] Seeds()
    {
        byte[] twcc = new byte[200];
        int twccLength = TransportCcFeedback.Write(twcc, 1, 2, 3,
        [
            TransportCcPacketStatus.Arrived(10, 1_000_000), TransportCcPacketStatus.Arrived(12, 900_000),
            TransportCcPacketStatus.Arrived(13, 910_000), TransportCcPacketStatus.Arrived(40, 920_000),
        ], out _);
        return
        [
            RtcpCompoundReaderTests.SenderReportAndSdes(),
            Hex("81C8000C 6E2D9F01 83AA7E80 00000000 00000001 00000002 00000003 11223344 40FFFFFE 00010005 00000020 B7052000 00054000"),
            Hex("81C90007 6E2D9F01 11223344 40FFFFFE 00010005 00000020 B7052000 00054000 81CD0003 00000001 6E2D9F01 00648001"),
            Hex("82CA0007 00000001 010161 0203626F62 00 000000 00000002 010378797A 00 0000 82CB0004 00000001 00000002 05" + Convert.ToHexString("leave"u8) + "0000"),
            Hex("81CE0002 00000001 6E2D9F01 84CE0004 00000001 00000000 6E2D9F01 07000000 8FCE0005 00000001 00000000 52454D42 01 0F3E14 6E2D9F01"),
            twcc.AsSpan(0, twccLength).ToArray(),
            Hex("8FCD0006 00000001 6E2D9F01 0064 0005 000001 07 D190 040AFFFEFF 00"),
        ];
    }

    [Fact]
    public void Compound_reader_and_every_packet_reader_survive_mutated_input()
    {
        ushort[] lost = new ushort[64];
        FuzzRunner.Run(output, "RTCP compound + packet readers", new Mutator(3550_4585, Seeds()), bytes =>
        {
            var reader = new RtcpCompoundReader(bytes);
            while (reader.MoveNext())
            {
                RtcpPacket packet = reader.Current;
                if (SenderReport.TryParse(packet, out var sr))
                {
                    _ = sr.Info;
                    for (int i = 0; i < sr.ReportCount; i++) _ = sr.GetReportBlock(i);
                }
                if (ReceiverReport.TryParse(packet, out var rr))
                    for (int i = 0; i < rr.ReportCount; i++) _ = rr.GetReportBlock(i);
                if (SourceDescription.TryParse(packet, out var sdes))
                    foreach (SdesChunk chunk in sdes) chunk.TryGetCanonicalName(out _);
                if (Goodbye.TryParse(packet, out var bye))
                    for (int i = 0; i < bye.SourceCount; i++) _ = bye.GetSsrc(i);
                if (GenericNack.TryParse(packet, out var nack))
                {
                    nack.CopyLostSequenceNumbers(lost);
                    foreach (ushort _ in nack.LostSequenceNumbers) { }
                }
                if (PictureLossIndication.TryParse(packet, out var pli)) _ = pli.MediaSsrc;
                if (FullIntraRequest.TryParse(packet, out var fir))
                    for (int i = 0; i < fir.EntryCount; i++) _ = fir.GetEntry(i);
                if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb))
                    for (int i = 0; i < remb.SsrcCount; i++) _ = remb.GetSsrc(i);
                if (TransportCcFeedback.TryParse(packet, out var twcc))
                {
                    int count = 0;
                    foreach (var status in twcc) count++;
                    if (count != twcc.PacketStatusCount)
                        throw new InvalidOperationException($"enumerated {count} of {twcc.PacketStatusCount} statuses");
                }
            }
        });
    }
}
