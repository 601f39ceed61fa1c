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
}
