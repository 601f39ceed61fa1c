using System.Net;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Transport;

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
    public void One_address_gets_at_most_its_share_whatever_its_ports_and_others_still_get_in()
    {
        var limiter = new DtlsHandshakeLimiter(maxConcurrent: 10, maxPerAddress: 2);
        var attacker = EndpointKey.From(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000));
        var otherPort = attacker with { Port = 40001 };
        var thirdPort = attacker with { Port = 40002 };
        var someoneElse = EndpointKey.From(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 40000));

        Assert.True(limiter.TryEnter(attacker));
        Assert.True(limiter.TryEnter(otherPort));
        Assert.False(limiter.Admits(thirdPort));
        Assert.False(limiter.TryEnter(thirdPort));
        Assert.Equal(2, limiter.RefusedPerAddress);
        Assert.True(limiter.Admits(someoneElse));
        Assert.Equal(2, limiter.Refused);
        Assert.Equal(2, limiter.InProgressFrom(thirdPort));
        Assert.True(limiter.TryEnter(someoneElse));
        Assert.Equal(2, limiter.Addresses);

        limiter.Exit(otherPort);
        Assert.True(limiter.TryEnter(thirdPort));
        limiter.Exit(attacker);
        limiter.Exit(thirdPort);
        limiter.Exit(someoneElse);
        Assert.Equal(0, limiter.InProgress);
        Assert.Equal(0, limiter.Addresses); // the table holds only addresses with a handshake in progress
        Assert.Throws<InvalidOperationException>(() => limiter.Exit(someoneElse));
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
