using RtcLive.Sfu.Feedback;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Feedback;

public class BandwidthEstimatorTests
{
    private static BandwidthEstimator NewEstimator(long min = 100_000, long max = 20_000_000) =>
        new(new BandwidthEstimatorOptions { InitialBitsPerSecond = 1_000_000, MinBitsPerSecond = min, MaxBitsPerSecond = max });

    private static void Remb(BandwidthEstimator estimator, ulong bitrate)
    {
        byte[] buffer = new byte[64];
        int length = ReceiverEstimatedMaxBitrate.Write(buffer, 1, bitrate, [2u]);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb));
        estimator.OnRemb(remb);
    }

    [Fact]
    public void Starts_at_the_initial_estimate()
    {
        var estimator = NewEstimator();
        Assert.Equal(1_000_000, estimator.EstimateBps);
        Assert.False(estimator.HasTransportCcFeedback);
        Assert.Null(estimator.RembBps);
        estimator.Update(0);
        Assert.Equal(1_000_000, estimator.EstimateBps);
    }

    [Fact]
    public void Clean_feedback_grows_the_estimate_8_percent_a_second()
    {
        var link = new SubscriberLinkSimulation(NewEstimator());
        link.Run(5_000_000);

        var estimator = link.Estimator;
        Assert.True(estimator.HasTransportCcFeedback);
        Assert.Equal(0, estimator.LastLossFraction);
        Assert.False(estimator.IsDelayIncreasing);
        // Verdicts run from the first update (0.1 s) to the last (5.0 s): about 4.9 s of growth.
        Assert.InRange(estimator.EstimateBps, (long)(1_000_000 * Math.Pow(1.08, 4.7)), (long)(1_000_000 * Math.Pow(1.08, 4.9)) + 1);
        Assert.True(estimator.TryGetAcknowledgedBitrate(out long acknowledged));
        Assert.InRange(acknowledged, 980_000, 1_020_000); // 1250 bytes every 10 ms
    }

    [Fact]
    public void Five_percent_loss_holds_the_estimate()
    {
        var link = new SubscriberLinkSimulation(NewEstimator()) { IsLost = i => i % 20 == 7 };
        link.Run(5_000_000);
        Assert.Equal(1_000_000, link.Estimator.EstimateBps);
        Assert.InRange(link.Estimator.LastLossFraction, 0.02, 0.10);
    }

    [Fact]
    public void Twenty_percent_loss_cuts_by_one_minus_half_the_loss_at_most_every_300_ms()
    {
        var link = new SubscriberLinkSimulation(NewEstimator()) { IsLost = i => i % 5 == 3 };
        var estimator = link.Estimator;
        long previous = estimator.EstimateBps;
        long lastCut = long.MinValue / 2;
        int cuts = 0;
        for (int step = 0; step < 30; step++)
        {
            link.Run(100_000);
            long estimate = estimator.EstimateBps;
            Assert.True(estimate <= previous, "never grows under 20 % loss");
            if (estimate < previous)
            {
                Assert.InRange(estimator.LastLossFraction, 0.15, 0.25);
                double expected = previous * (1 - 0.5 * estimator.LastLossFraction);
                Assert.InRange(estimate, expected - 1, expected + 1); // the estimate is read in whole bits/s
                Assert.True(link.Now - lastCut >= 300_000, $"cut at {link.Now} after one at {lastCut}");
                lastCut = link.Now;
                cuts++;
            }
            previous = estimate;
        }
        Assert.InRange(cuts, 5, 10); // 3 s: a cut every 300–600 ms
        Assert.True(estimator.EstimateBps < 600_000);
    }

    [Fact]
    public void Rising_delay_stops_growth_and_caps_at_85_percent_of_the_acknowledged_bitrate()
    {
        var link = new SubscriberLinkSimulation(NewEstimator())
        {
            Delay = sent => 20_000 + (sent - 1_000_000) / 20, // a queue growing 50 ms per second
        };
        link.Run(3_000_000);

        var estimator = link.Estimator;
        Assert.True(estimator.IsDelayIncreasing);
        Assert.Equal(0, estimator.LastLossFraction);
        Assert.True(estimator.TryGetAcknowledgedBitrate(out long acknowledged));
        // Arrivals spread 10.5 ms apart: about 952 kbit/s delivered.
        Assert.InRange(acknowledged, 930_000, 970_000);
        Assert.InRange(estimator.EstimateBps, 0.85 * acknowledged * 0.97, 0.85 * acknowledged * 1.03);

        // Once the queue stops growing, a fresh window shows it and growth resumes.
        long capped = estimator.EstimateBps;
        long delayNow = 20_000 + (link.Now - 1_000_000) / 20;
        link.Delay = _ => delayNow;
        link.Run(3_000_000);
        Assert.False(estimator.IsDelayIncreasing);
        Assert.True(estimator.EstimateBps > capped * 1.1, $"{estimator.EstimateBps} after {capped}");
    }

    [Fact]
    public void Jitter_without_a_trend_does_not_count_as_rising_delay()
    {
        var random = new Random(5);
        var link = new SubscriberLinkSimulation(NewEstimator()) { Delay = _ => 20_000 + random.Next(0, 8_000) };
        link.Run(5_000_000);
        Assert.False(link.Estimator.IsDelayIncreasing);
        Assert.True(link.Estimator.EstimateBps > 1_300_000);
    }

    [Fact]
    public void The_lower_of_remb_and_transport_cc_wins()
    {
        var link = new SubscriberLinkSimulation(NewEstimator());
        link.Run(2_000_000);
        var estimator = link.Estimator;
        long transportCc = estimator.TransportCcEstimateBps;
        Assert.True(transportCc > 1_100_000);

        Remb(estimator, 600_000);
        Assert.Equal(600_000, estimator.RembBps);
        Assert.Equal(600_000, estimator.EstimateBps);

        Remb(estimator, 5_000_000);
        Assert.Equal(transportCc, estimator.EstimateBps);
    }

    [Fact]
    public void Remb_alone_sets_the_estimate()
    {
        var estimator = NewEstimator();
        Remb(estimator, 2_500_000);
        estimator.Update(0);
        Assert.Equal((long)ReceiverEstimatedMaxBitrate.Quantize(2_500_000), estimator.EstimateBps);
    }

    [Fact]
    public void Estimates_are_clamped_to_min_and_max()
    {
        var growing = new SubscriberLinkSimulation(NewEstimator(max: 1_100_000));
        growing.Run(5_000_000);
        Assert.Equal(1_100_000, growing.Estimator.EstimateBps);
        Assert.Equal(1_100_000, growing.Estimator.TransportCcEstimateBps);

        var collapsing = new SubscriberLinkSimulation(NewEstimator(min: 300_000)) { IsLost = i => i % 2 == 0 };
        collapsing.Run(10_000_000);
        Assert.Equal(300_000, collapsing.Estimator.EstimateBps);

        var estimator = NewEstimator(min: 300_000, max: 2_000_000);
        Remb(estimator, 10_000);
        Assert.Equal(300_000, estimator.EstimateBps);
        Remb(estimator, 90_000_000);
        Assert.Equal(2_000_000, estimator.EstimateBps);
    }

    [Fact]
    public void Feedback_about_packets_we_never_sent_is_ignored()
    {
        var estimator = NewEstimator();
        estimator.OnPacketSent(1, 1_000, 1_000_000);
        byte[] buffer = new byte[64];
        int length = TransportCcFeedback.Write(buffer, 1, 2, 0,
            [TransportCcPacketStatus.Arrived(500, 10_000), TransportCcPacketStatus.NotReceived(501)], out _);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(TransportCcFeedback.TryParse(packet, out var feedback));
        estimator.OnTransportCcFeedback(feedback, 1_020_000);
        Assert.False(estimator.HasTransportCcFeedback);
    }

    private static bool Feedback(BandwidthEstimator estimator, long now, params TransportCcPacketStatus[] statuses)
    {
        byte[] buffer = new byte[256];
        int length = TransportCcFeedback.Write(buffer, 1, 2, 0, statuses, out _);
        Assert.True(RtcpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(TransportCcFeedback.TryParse(packet, out var feedback));
        return estimator.OnTransportCcFeedback(feedback, now);
    }

    [Fact]
    public void Sending_a_second_without_any_feedback_is_an_outage_that_the_next_feedback_ends()
    {
        var link = new SubscriberLinkSimulation(NewEstimator()) { IsLost = i => i is >= 100 and < 400 }; // 2–5 s dead
        var estimator = link.Estimator;
        link.Run(900_000);
        Assert.False(estimator.IsInOutage(link.Now));
        link.Run(1_600_000); // to 3.5 s: nothing back since 2 s
        Assert.True(estimator.IsInOutage(link.Now));
        long before = estimator.EstimateBps;
        link.Run(1_000_000);
        Assert.True(estimator.IsInOutage(link.Now));
        Assert.Equal(before, estimator.EstimateBps); // frozen, though Update ran every 100 ms
        Assert.Equal(0, estimator.OutageCount);

        link.Run(2_500_000);
        Assert.False(estimator.IsInOutage(link.Now));
        Assert.Equal(1, estimator.OutageCount);
        Assert.True(estimator.OutageLossesIgnored > 0, "the receiver reported nothing from the dead path as lost");
        Assert.True(estimator.LastLossFraction < 0.02, $"loss verdict {estimator.LastLossFraction} after the outage");
        Assert.True(estimator.EstimateBps > before, $"the estimate went from {before} to {estimator.EstimateBps}");
    }

    [Fact]
    public void A_pause_in_sending_is_no_outage()
    {
        var estimator = NewEstimator();
        estimator.OnPacketSent(1, 1_000, 1_000_000);
        estimator.OnPacketSent(2, 1_000, 1_010_000);
        Assert.False(Feedback(estimator, 1_050_000, TransportCcPacketStatus.Arrived(1, 1_020_000), TransportCcPacketStatus.Arrived(2, 1_030_000)));
        // Nothing sent since: no feedback is owed, however long it stays quiet.
        Assert.False(estimator.IsInOutage(10_000_000));
        estimator.OnPacketSent(3, 1_000, 10_000_000);
        Assert.False(estimator.IsInOutage(10_500_000));
        Assert.False(Feedback(estimator, 10_050_000, TransportCcPacketStatus.Arrived(3, 10_020_000)));
        Assert.Equal(0, estimator.OutageCount);
    }

    [Fact]
    public void Losses_of_packets_sent_after_an_outage_count_again()
    {
        var estimator = NewEstimator();
        estimator.Update(0);
        estimator.OnPacketSent(1, 1_000, 1_000_000);
        Feedback(estimator, 1_050_000, TransportCcPacketStatus.Arrived(1, 1_020_000));
        for (ushort s = 2; s < 50; s++) estimator.OnPacketSent(s, 1_000, 1_000_000 + s * 40_000L);
        // Back after 1.9 s: 2–41 were sent into the dead path, 42–49 after it came back and arrive.
        var statuses = new List<TransportCcPacketStatus> { TransportCcPacketStatus.NotReceived(2) };
        for (ushort s = 42; s < 50; s++) statuses.Add(TransportCcPacketStatus.Arrived(s, 1_000_000 + s * 40_000L + 20_000));
        Assert.True(Feedback(estimator, 3_000_000, [.. statuses]));
        Assert.Equal(1, estimator.OutageCount);
        Assert.Equal(40, estimator.OutageLossesIgnored); // 2–41: sent before the feedback came back
        // Then 30 packets sent afterwards, half of them lost: congestion, which cuts.
        var after = new List<TransportCcPacketStatus>();
        for (ushort s = 50; s < 80; s++)
        {
            estimator.OnPacketSent(s, 1_000, 3_010_000 + (s - 50) * 10_000L);
            after.Add(s % 2 == 0 ? TransportCcPacketStatus.NotReceived(s) : TransportCcPacketStatus.Arrived(s, 3_030_000 + (s - 50) * 10_000L));
        }
        long before = estimator.EstimateBps;
        Assert.False(Feedback(estimator, 3_350_000, [.. after]));
        estimator.Update(3_350_000);
        Assert.Equal(15.0 / 39, estimator.LastLossFraction, 6); // 15 lost of the 39 reported since the last verdict
        Assert.True(estimator.EstimateBps < before, "half the packets lost after the outage cut nothing");
    }

    [Fact]
    public void Rejects_inconsistent_options()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandwidthEstimator(new BandwidthEstimatorOptions { MinBitsPerSecond = 5_000_000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BandwidthEstimator(new BandwidthEstimatorOptions { DelayBackoff = 1.5 }));
    }
}
