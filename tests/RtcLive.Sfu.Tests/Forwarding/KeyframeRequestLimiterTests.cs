using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Tests.Forwarding;

public class KeyframeRequestLimiterTests
{
    [Fact]
    public void One_request_per_interval_goes_through_and_the_rest_are_counted()
    {
        var limiter = new KeyframeRequestLimiter();
        Assert.Equal(500, limiter.IntervalMs);
        Assert.True(limiter.TryRequest(10_000));
        Assert.False(limiter.TryRequest(10_000));
        Assert.False(limiter.TryRequest(10_250));
        Assert.False(limiter.TryRequest(10_499));
        Assert.True(limiter.TryRequest(10_500));
        Assert.False(limiter.TryRequest(10_999));
        Assert.True(limiter.TryRequest(12_000));
        Assert.Equal(3, limiter.SentCount);
        Assert.Equal(4, limiter.SuppressedCount);
    }

    [Fact]
    public void The_interval_is_configurable_and_the_first_request_at_any_time_passes()
    {
        var limiter = new KeyframeRequestLimiter(intervalMs: 1000);
        Assert.True(limiter.TryRequest(-5_000));   // clocks may start anywhere
        Assert.False(limiter.TryRequest(-4_001));
        Assert.True(limiter.TryRequest(-4_000));

        var unlimited = new KeyframeRequestLimiter(intervalMs: 0);
        Assert.True(unlimited.TryRequest(7));
        Assert.True(unlimited.TryRequest(7));

        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyframeRequestLimiter(-1));
    }

    [Fact]
    public void Coalesced_requests_are_sent_once_more_after_the_interval_unless_a_keyframe_came()
    {
        var limiter = new KeyframeRequestLimiter();
        Assert.False(limiter.TryFlushPending(0));
        Assert.True(limiter.TryRequest(0));
        Assert.False(limiter.HasPending);
        Assert.False(limiter.TryRequest(100));    // a second subscriber asks
        Assert.False(limiter.TryRequest(200));    // and a third
        Assert.True(limiter.HasPending);

        Assert.False(limiter.TryFlushPending(499));
        Assert.True(limiter.TryFlushPending(500)); // one request for both
        Assert.False(limiter.HasPending);
        Assert.False(limiter.TryFlushPending(1500));

        Assert.False(limiter.TryRequest(600));
        limiter.OnKeyframeReceived();              // the keyframe answers it
        Assert.False(limiter.TryFlushPending(2000));
        Assert.Equal(2, limiter.SentCount);
        Assert.Equal(3, limiter.SuppressedCount);
    }

    [Fact]
    public void Concurrent_requests_at_the_same_moment_let_exactly_one_through()
    {
        var limiter = new KeyframeRequestLimiter();
        int granted = 0;
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < 10_000; i++)
                if (limiter.TryRequest(42))
                    Interlocked.Increment(ref granted);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(1, granted);
        Assert.Equal(1, limiter.SentCount);
        Assert.Equal(39_999, limiter.SuppressedCount);
    }

    [Fact]
    public void A_forced_request_goes_out_inside_the_interval_and_later_requests_coalesce_into_it()
    {
        var limiter = new KeyframeRequestLimiter();
        Assert.True(limiter.TryRequest(0));
        Assert.False(limiter.TryRequest(50));      // coalesced: pending
        limiter.ForceRequest(60);                  // a subscriber that missed the answer asks anyway
        Assert.False(limiter.HasPending);
        Assert.Equal(2, limiter.SentCount);
        Assert.False(limiter.TryRequest(500));     // the interval now runs from the forced request
        Assert.True(limiter.TryRequest(560));
        Assert.Equal(3, limiter.SentCount);
    }
}
