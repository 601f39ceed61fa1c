using RtcLive.Sfu.Feedback;

namespace RtcLive.Sfu.Tests.Feedback;

public class DelayTrendDetectorTests
{
    private const long ReceiverClock = 5_000_000_000; // arrival times are on another clock

    [Fact]
    public void Constant_delay_has_no_trend()
    {
        var detector = new DelayTrendDetector();
        for (long sent = 0; sent < 1_000_000; sent += 10_000)
            detector.OnPacket(sent, ReceiverClock + sent + 30_000);
        Assert.True(detector.TryGetSlope(out double slope));
        Assert.Equal(0, slope, 6);
        Assert.False(detector.IsIncreasing);
    }

    [Fact]
    public void A_growing_queue_is_a_rising_trend()
    {
        var detector = new DelayTrendDetector();
        for (long sent = 0; sent < 1_000_000; sent += 10_000)
            detector.OnPacket(sent, ReceiverClock + sent + 30_000 + sent / 10); // +100 ms of delay per second
        Assert.True(detector.TryGetSlope(out double slope));
        Assert.Equal(0.1 / 1.1, slope, 3); // per µs of arrival time, which runs 1.1× as fast as sending
        Assert.True(detector.IsIncreasing);
    }

    [Fact]
    public void Spreading_inside_a_burst_is_no_trend()
    {
        // Ten packets leave within 1 ms every 50 ms and arrive 1 ms apart (a bottleneck drains the burst).
        var detector = new DelayTrendDetector();
        for (long burst = 0; burst < 1_000_000; burst += 50_000)
            for (int i = 0; i < 10; i++)
                detector.OnPacket(burst + i * 100, ReceiverClock + burst + 20_000 + i * 1_000);
        Assert.True(detector.TryGetSlope(out double slope));
        Assert.Equal(0, slope, 6);
    }

    [Fact]
    public void No_verdict_from_too_few_samples_or_too_short_a_span()
    {
        var detector = new DelayTrendDetector(minSamples: 8, minSpanMicroseconds: 200_000);
        for (long sent = 0; sent < 60_000; sent += 10_000)
            detector.OnPacket(sent, ReceiverClock + sent + sent / 10); // rising, but only 5 groups
        Assert.False(detector.TryGetSlope(out _));
        for (long sent = 60_000; sent < 150_000; sent += 10_000)
            detector.OnPacket(sent, ReceiverClock + sent + sent / 10); // enough groups, under 200 ms of arrivals
        Assert.False(detector.TryGetSlope(out _));
        for (long sent = 150_000; sent < 300_000; sent += 10_000)
            detector.OnPacket(sent, ReceiverClock + sent + sent / 10);
        Assert.True(detector.IsIncreasing);

        detector.Reset();
        Assert.False(detector.TryGetSlope(out _));
    }
}
