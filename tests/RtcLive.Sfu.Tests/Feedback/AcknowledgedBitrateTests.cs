using RtcLive.Sfu.Feedback;

namespace RtcLive.Sfu.Tests.Feedback;

public class AcknowledgedBitrateTests
{
    [Fact]
    public void Measures_what_arrived_over_the_window()
    {
        var bitrate = new AcknowledgedBitrate();
        for (int i = 0; i <= 300; i++)
            bitrate.OnAcknowledged(9_000_000 + i * 10_000L, 1_000); // 1000 bytes every 10 ms for 3 s
        Assert.True(bitrate.TryGetBitrate(out long bitsPerSecond));
        Assert.Equal(800_000, bitsPerSecond);
    }

    [Fact]
    public void Needs_a_span_of_100_ms()
    {
        var bitrate = new AcknowledgedBitrate();
        for (int i = 0; i < 9; i++)
            bitrate.OnAcknowledged(i * 10_000L, 1_000);
        Assert.False(bitrate.TryGetBitrate(out _));
        bitrate.OnAcknowledged(100_000, 1_000);
        Assert.True(bitrate.TryGetBitrate(out long bitsPerSecond));
        Assert.Equal(720_000, bitsPerSecond); // 9 packets after the first, over 100 ms
    }

    [Fact]
    public void A_jump_of_the_receiver_clock_starts_over()
    {
        var bitrate = new AcknowledgedBitrate();
        for (int i = 0; i <= 100; i++)
            bitrate.OnAcknowledged(i * 10_000L, 1_000);
        bitrate.OnAcknowledged(1_000_000_000, 1_000);
        Assert.False(bitrate.TryGetBitrate(out _));
    }

    [Fact]
    public void Grows_to_hold_a_full_window_at_a_high_rate_and_measures_it_exactly()
    {
        var bitrate = new AcknowledgedBitrate(capacity: 4_096, windowMicroseconds: 1_000_000, initialCapacity: 16);
        for (int i = 0; i <= 9_000; i++)
            bitrate.OnAcknowledged(5_000_000 + i * 333L, 1_200); // 3,000 acknowledgements/s for 3 s
        Assert.Equal(4_096, bitrate.CurrentCapacity); // 3,004 in the window
        Assert.True(bitrate.TryGetBitrate(out long bitsPerSecond));
        // The window's 3,004 packets, less the first, over the 3,003 × 333 µs they arrived in.
        Assert.Equal(3_003L * 1_200 * 8 * 1_000_000 / (3_003 * 333L), bitsPerSecond);
    }

    [Fact]
    public void Stays_small_at_a_viewer_rate()
    {
        var bitrate = new AcknowledgedBitrate();
        for (int i = 0; i <= 1_000; i++)
            bitrate.OnAcknowledged(i * 8_000L, 1_000); // 125 acknowledgements/s
        Assert.Equal(AcknowledgedBitrate.DefaultInitialCapacity, bitrate.CurrentCapacity);
        Assert.True(bitrate.TryGetBitrate(out long bitsPerSecond));
        Assert.Equal(1_000_000, bitsPerSecond);
    }

    [Fact]
    public void A_full_ring_at_its_capacity_keeps_only_the_newest()
    {
        var bitrate = new AcknowledgedBitrate(capacity: 32, windowMicroseconds: 1_000_000, initialCapacity: 8);
        for (int i = 0; i <= 100; i++)
            bitrate.OnAcknowledged(i * 10_000L, 1_000);
        Assert.Equal(32, bitrate.CurrentCapacity);
        Assert.True(bitrate.TryGetBitrate(out long bitsPerSecond));
        Assert.Equal(800_000, bitsPerSecond); // the last 32 (31 after the first over 310 ms)
    }
}
