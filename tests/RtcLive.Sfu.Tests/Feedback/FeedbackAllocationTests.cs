using RtcLive.Sfu.Feedback;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Feedback;

/// <summary>
/// The per-packet paths must not allocate, measured with the thread's allocation counter: one allocation
/// per packet would cost at least 24 bytes each time, so under one byte per packet on average means none
/// (the runtime may allocate a little once, for tiering).
/// </summary>
public class FeedbackAllocationTests
{
    private const int Packets = 10_000;

    private static void AssertNoAllocation(Action<int> perPacket, int warmup = 200)
    {
        for (int i = 0; i < warmup; i++)
            perPacket(i); // warm up: JIT and first-use initialisation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = warmup; i < warmup + Packets; i++)
            perPacket(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Packets, $"{allocated} bytes allocated over {Packets} packets");
    }

    [Fact]
    public void Transport_cc_feedback_builder_records_packets_without_allocating()
    {
        var builder = new TransportCcFeedbackBuilder();
        AssertNoAllocation(i => builder.OnPacket((ushort)(i * 3 % 65_536), 1_000_000 + i * 500L));
    }

    [Fact]
    public void Receive_statistics_count_packets_without_allocating()
    {
        var statistics = new RtpReceiveStatistics(1, 90_000);
        AssertNoAllocation(i => statistics.OnPacket((ushort)(i % 7 == 0 ? i - 2 : i), (uint)(i * 3_000), i * 33_333L));
        Assert.True(statistics.PacketsReceived > Packets / 2);
    }

    [Fact]
    public void Active_speaker_detector_takes_levels_without_allocating()
    {
        var detector = new ActiveSpeakerDetector();
        string[] ids = ["alice", "bob", "carol"];
        foreach (string id in ids)
            detector.Register(id);
        AssertNoAllocation(i => detector.OnAudioLevel(ids[i % 3], (byte)(i % 128), i % 2 == 0, i * 7L));
    }

    [Fact]
    public void Bandwidth_estimator_records_sent_packets_without_allocating()
    {
        var estimator = new BandwidthEstimator();
        var allocator = new TransportSequenceAllocator();
        // 1,000 packets/s: the sent-packet ring grows to hold its 2 s window during the first 2 s (a few doublings,
        // once per transport), and from then on every packet must go into it without allocating.
        AssertNoAllocation(i => estimator.OnPacketSent(allocator.Next(), 1_200, i * 1_000L), warmup: 3_000);
        Assert.Equal(2_048, estimator.SentHistoryCapacity);
    }

    [Fact]
    public void The_periodic_paths_allocate_nothing_either()
    {
        var builder = new TransportCcFeedbackBuilder();
        var estimator = new BandwidthEstimator();
        var receive = new RtpReceiveStatistics(1, 90_000);
        var send = new RtpSendStatistics(2, 90_000);
        var detector = new ActiveSpeakerDetector();
        detector.Register("alice");
        byte[] buffer = new byte[1500];
        var ntp = new NtpTimestamp(0xE5000000, 0);

        AssertNoAllocation(i =>
        {
            long now = 1_000_000 + i * 10_000L;
            estimator.OnPacketSent((ushort)i, 1_200, now);
            builder.OnPacket((ushort)i, now + 20_000);
            receive.OnPacket((ushort)i, (uint)(i * 900), now);
            send.OnPacketSent((uint)(i * 900), 1_188, now);
            detector.OnAudioLevel("alice", 30, true, now / 1_000);
            if (i % 10 != 0)
                return;
            int length = builder.TryBuild(now + 20_000, buffer, 1, 2);
            if (length > 0 && RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet)
                && TransportCcFeedback.TryParse(packet, out var feedback))
                estimator.OnTransportCcFeedback(feedback, now);
            estimator.Update(now);
            ReportBlock block = receive.BuildReportBlock(now);
            send.WriteSenderReport(buffer, ntp, now);
            send.OnReportBlock(new ReportBlock(2, block.FractionLost, 0, 0, 0, 0, 0), ntp);
            detector.TryGetChange(now / 1_000, out _);
        });
        Assert.True(estimator.HasTransportCcFeedback);
    }
}
