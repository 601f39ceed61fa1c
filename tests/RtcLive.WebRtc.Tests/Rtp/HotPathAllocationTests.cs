using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Tests.Rtcp;

namespace RtcLive.WebRtc.Tests.Rtp;

/// <summary>
/// The per-packet paths must not allocate, measured with the thread's allocation counter. One allocation per
/// iteration would cost at least 24 bytes each time; the runtime itself may allocate a little once (tiering),
/// so the test demands under one byte per iteration on average.
/// </summary>
public class HotPathAllocationTests
{
    private readonly byte[] _packet = ChromeVp8Packet.Create();
    private readonly byte[] _scratch = new byte[1500];
    private readonly byte[] _rtcp = RtcpCompoundReaderTests.SenderReportAndSdes();
    private readonly byte[] _feedback = new byte[256];
    private readonly ushort[] _lost = new ushort[64];
    private readonly ushort[] _toNack = [100, 101, 116, 200];
    private readonly uint[] _rembSsrcs = [2];
    private readonly TransportCcPacketStatus[] _arrivals =
    [
        TransportCcPacketStatus.Arrived(10, 1_000_000), TransportCcPacketStatus.NotReceived(11),
        TransportCcPacketStatus.Arrived(12, 1_100_000), TransportCcPacketStatus.Arrived(30, 1_090_000),
    ];

    [Fact]
    public void Forwarding_and_feedback_paths_allocate_nothing()
    {
        const int iterations = 10_000;
        Run(100); // warm up: JIT and static initialisation may allocate once
        long before = GC.GetAllocatedBytesForCurrentThread();
        long checksum = Run(iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotEqual(0, checksum);
        Assert.True(allocated < iterations, $"{allocated} bytes allocated over {iterations} iterations");
    }

    private long Run(int iterations)
    {
        long sum = 0;
        var map = new RtpExtensionMap { Mid = ChromeVp8Packet.MidId, RtpStreamId = ChromeVp8Packet.RidId,
            AbsSendTime = ChromeVp8Packet.AbsSendTimeId, TransportSequenceNumber = ChromeVp8Packet.TransportCcId };
        for (int i = 0; i < iterations; i++)
        {
            // RTP in, restamped out, RTX both ways
            if (RtpHeader.TryParse(_packet, out var header))
            {
                foreach (var element in header.Extensions)
                    sum += element.Value.Length;
                if (map.TryGetRtpStreamId(header, out var rid)) sum += rid[0];
                if (map.TryGetTransportSequenceNumber(header, out ushort twcc)) sum += twcc;
                if (Vp8PayloadDescriptor.TryParse(header.Payload, out var vp8) && vp8.IsKeyFrame) sum++;
            }
            RtpHeaderWriter.SetSequenceNumber(_packet, (ushort)i);
            RtpHeaderWriter.SetTimestamp(_packet, (uint)i);
            RtpHeaderWriter.SetSsrc(_packet, 0x6E2D9F01);
            RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(_packet, ChromeVp8Packet.TransportCcId, 42);
            Vp8PayloadDescriptor.TrySetPictureId(_packet.AsSpan(ChromeVp8Packet.HeaderLength), (ushort)i);
            if (RtxPacket.TryWrap(_packet, 97, 5, 1, _scratch, out int rtxLength)
                && RtxPacket.TryUnwrap(_scratch.AsSpan(0, rtxLength), 96, 0x6E2D9F01, _scratch, out int length))
                sum += length;
            if (H264Payload.IsKeyFrame(_packet.AsSpan(ChromeVp8Packet.HeaderLength))) sum++;

            // RTCP in
            var reader = new RtcpCompoundReader(_rtcp);
            while (reader.MoveNext())
            {
                if (SenderReport.TryParse(reader.Current, out var sr)) sum += sr.Info.PacketCount;
                if (SourceDescription.TryParse(reader.Current, out var sdes))
                    foreach (SdesChunk chunk in sdes)
                        if (chunk.TryGetCanonicalName(out var cname)) sum += cname.Length;
            }

            // feedback out and back in
            int nackLength = GenericNack.Write(_feedback, 1, 2, _toNack);
            if (RtcpPacket.TryParse(_feedback.AsSpan(0, nackLength), out var nackPacket) && GenericNack.TryParse(nackPacket, out var nack))
                sum += nack.CopyLostSequenceNumbers(_lost);
            int twccLength = TransportCcFeedback.Write(_feedback, 1, 2, 0, _arrivals, out _);
            if (RtcpPacket.TryParse(_feedback.AsSpan(0, twccLength), out var twccPacket) && TransportCcFeedback.TryParse(twccPacket, out var feedback))
                foreach (var status in feedback)
                    sum += status.Received ? 1 : 0;
            sum += ReceiverEstimatedMaxBitrate.Write(_feedback, 1, 1_700_000, _rembSsrcs);
        }
        return sum;
    }
}
