using RtcLive.WebRtc.Dtls;

namespace RtcLive.WebRtc.Tests.Dtls;

public sealed class DtlsHandshakeLimiterTests
{
    [Fact]
    public void Admits_up_to_its_cap_and_refuses_beyond()
    {
        var limiter = new DtlsHandshakeLimiter(2);
        Assert.True(limiter.TryEnter());
        Assert.True(limiter.TryEnter());
        Assert.False(limiter.TryEnter());
        Assert.Equal(2, limiter.InProgress);
        Assert.Equal(1, limiter.Refused);

        limiter.Exit();
        Assert.True(limiter.TryEnter());
        Assert.Equal(2, limiter.InProgress);
    }

    [Fact]
    public void Exit_without_enter_is_a_bug_and_keeps_the_count_sane()
    {
        var limiter = new DtlsHandshakeLimiter(1);
        Assert.Throws<InvalidOperationException>(limiter.Exit);
        Assert.Equal(0, limiter.InProgress);
    }

    [Fact]
    public void Concurrent_callers_never_exceed_the_cap()
    {
        var limiter = new DtlsHandshakeLimiter(3);
        int peak = 0, current = 0;
        Parallel.For(0, 20_000, _ =>
        {
            if (!limiter.TryEnter()) return;
            int now = Interlocked.Increment(ref current);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen) { }
            Interlocked.Decrement(ref current);
            limiter.Exit();
        });
        Assert.InRange(peak, 1, 3);
        Assert.Equal(0, limiter.InProgress);
    }

    [Fact]
    public void Shared_limiter_has_the_default_cap()
    {
        Assert.Equal(DtlsHandshakeLimiter.DefaultMaxConcurrent, DtlsHandshakeLimiter.Shared.MaxConcurrent);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsHandshakeLimiter(0));
    }
}
