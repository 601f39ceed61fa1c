using RtcLive.LoadTest.Receive;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.LoadTest.Tests;

/// <summary>
/// The load generator's subscribers answer transport-cc like Chromium: a subscriber that negotiates it and never
/// sends feedback looks to the SFU like a path that went dead, which is not the load a class of browsers puts on it.
/// </summary>
public sealed class SubscriberReceiverTests
{
    private const byte TransportCcId = 3;

    [Fact]
    public void Transport_cc_feedback_reports_what_arrived_and_what_did_not()
    {
        var sent = new List<byte[]>();
        var receiver = new SubscriberReceiver();
        receiver.Bind(rtcp => { sent.Add(rtcp.ToArray()); return true; }, videoRtxPayloadType: -1, TransportCcId);

        for (ushort n = 100; n < 110; n++)
            if (n != 105) receiver.OnRtp(Packet(n, TransportCcId));
        Thread.Sleep(150); // past the 100 ms feedback interval
        receiver.OnRtp(Packet(110, TransportCcId));

        Assert.NotEmpty(sent);
        Assert.Equal(sent.Count, receiver.FeedbackPackets);
        var received = new HashSet<ushort>();
        var lost = new HashSet<ushort>();
        foreach (byte[] packet in sent)
        {
            Assert.True(RtcpPacket.TryParse(packet, out var rtcp));
            Assert.True(TransportCcFeedback.TryParse(rtcp, out var feedback));
            Assert.Equal(0xCAFEu, feedback.MediaSsrc);
            foreach (var status in feedback)
                (status.Received ? received : lost).Add(status.SequenceNumber);
        }
        Assert.Equal(new ushort[] { 100, 101, 102, 103, 104, 106, 107, 108, 109, 110 }, received.Order().ToArray());
        Assert.Equal(new ushort[] { 105 }, lost.ToArray());
    }

    [Fact]
    public void Without_transport_cc_negotiated_no_feedback_is_sent()
    {
        int sent = 0;
        var receiver = new SubscriberReceiver();
        receiver.Bind(_ => { sent++; return true; }, videoRtxPayloadType: -1, transportCcExtensionId: 0);
        for (ushort n = 0; n < 20; n++) receiver.OnRtp(Packet(n, TransportCcId));
        Assert.Equal(0, sent);
    }

    private static byte[] Packet(ushort transportSequence, byte id)
    {
        Span<byte> block = stackalloc byte[8];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        extensions.TryAddTransportSequenceNumber(id, transportSequence);
        int blockLength = extensions.Finish();
        var buffer = new byte[200];
        int header = RtpHeaderWriter.Write(buffer, new RtpHeaderFields(96, transportSequence, 0, 0xCAFE, Marker: false), default, block[..blockLength]);
        return buffer[..(header + 100)];
    }
}
