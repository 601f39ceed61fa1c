using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Tests.Forwarding;

public sealed class PublisherNackGeneratorTests
{
    private static ushort[] Due(PublisherNackGenerator nacks, long nowMs)
    {
        var into = new ushort[64];
        int count = nacks.CollectDue(into, nowMs);
        return into[..count];
    }

    [Fact]
    public void A_gap_is_asked_for_at_once_then_again_after_the_retry_interval_until_it_arrives()
    {
        var nacks = new PublisherNackGenerator();
        nacks.OnPacket(100, 0);
        nacks.OnPacket(101, 10);
        nacks.OnPacket(104, 20);
        Assert.Equal(new ushort[] { 102, 103 }, Due(nacks, 20).Order().ToArray());
        Assert.Empty(Due(nacks, 20 + PublisherNackGenerator.RetryIntervalMs - 1));
        Assert.True(nacks.IsMissing(103));

        nacks.OnPacket(103, 60); // the repair (or a late packet) arrives
        Assert.False(nacks.IsMissing(103));
        Assert.Equal(new ushort[] { 102 }, Due(nacks, 20 + PublisherNackGenerator.RetryIntervalMs));
        Assert.Equal(1, nacks.Recovered);
    }

    [Fact]
    public void In_order_and_reordered_packets_that_fill_no_gap_ask_for_nothing()
    {
        var nacks = new PublisherNackGenerator();
        for (ushort s = 0; s < 50; s++) nacks.OnPacket(s, s);
        nacks.OnPacket(20, 60); // a duplicate, or an old packet resent as a probe
        Assert.Equal(0, nacks.MissingCount);
        Assert.Empty(Due(nacks, 100));
    }

    [Fact]
    public void Reordering_seen_in_the_media_stream_delays_the_first_request_repairs_teach_nothing()
    {
        var nacks = new PublisherNackGenerator();
        nacks.OnPacket(0, 0);
        nacks.OnPacket(2, 0);
        nacks.OnPacket(3, 0);
        nacks.OnPacket(1, 0, repaired: true); // an RTX repair two packets behind: not reordering
        Assert.Equal(0, nacks.ReorderWaitPackets);

        // Stragglers arriving three packets behind the newest, in the media stream.
        ushort s = 3;
        for (int i = 0; i < 20; i++)
        {
            ushort late = (ushort)(s + 1);
            nacks.OnPacket((ushort)(s + 2), 0);
            nacks.OnPacket((ushort)(s + 3), 0);
            nacks.OnPacket((ushort)(s + 4), 0);
            nacks.OnPacket(late, 0);
            s += 4;
        }
        Assert.Equal(3, nacks.ReorderWaitPackets);

        // A real gap is asked for only once the stream is more than three packets past it.
        nacks.OnPacket((ushort)(s + 2), 10);
        Assert.Empty(Due(nacks, 10));
        nacks.OnPacket((ushort)(s + 3), 10);
        nacks.OnPacket((ushort)(s + 4), 10);
        Assert.Empty(Due(nacks, 10));
        nacks.OnPacket((ushort)(s + 5), 10);
        Assert.Equal(new ushort[] { (ushort)(s + 1) }, Due(nacks, 10));
    }

    [Fact]
    public void Numbers_wrap_around()
    {
        var nacks = new PublisherNackGenerator();
        nacks.OnPacket(65534, 0);
        nacks.OnPacket(1, 5);
        Assert.Equal(new ushort[] { 0, 65535 }, Due(nacks, 5).Order().ToArray());
    }

    [Fact]
    public void A_packet_is_given_up_after_the_most_requests_or_the_longest_age()
    {
        var nacks = new PublisherNackGenerator();
        nacks.OnPacket(1, 0);
        nacks.OnPacket(3, 0);
        long now = 0;
        for (int i = 0; i < PublisherNackGenerator.MaxRequests; i++, now += PublisherNackGenerator.RetryIntervalMs)
            Assert.Equal(new ushort[] { 2 }, Due(nacks, now));
        Assert.Empty(Due(nacks, now));
        Assert.Equal(1, nacks.GivenUp);

        nacks.OnPacket(5, now);
        Assert.Equal(new ushort[] { 4 }, Due(nacks, now));
        Assert.Empty(Due(nacks, now + PublisherNackGenerator.MaxAgeMs + 1));
        Assert.Equal(2, nacks.GivenUp);
    }

    [Fact]
    public void A_jump_beyond_the_largest_gap_is_left_to_a_keyframe()
    {
        var nacks = new PublisherNackGenerator();
        nacks.OnPacket(10, 0);
        nacks.OnPacket(12, 0);
        nacks.OnPacket((ushort)(12 + PublisherNackGenerator.MaxGap + 2), 0);
        Assert.Equal(0, nacks.MissingCount);
        Assert.Empty(Due(nacks, 0));
    }

    [Fact]
    public void Tracking_is_bounded_the_oldest_gap_giving_way()
    {
        var nacks = new PublisherNackGenerator();
        nacks.OnPacket(0, 0);
        ushort next = 0;
        for (int i = 0; i < PublisherNackGenerator.Capacity + 10; i++)
        {
            next += 2;
            nacks.OnPacket(next, 0); // one lost before each
        }
        Assert.Equal(PublisherNackGenerator.Capacity, nacks.MissingCount);
        Assert.False(nacks.IsMissing(1));
        Assert.True(nacks.IsMissing((ushort)(next - 1)));
    }

    [Fact]
    public void Steady_state_allocates_nothing()
    {
        var nacks = new PublisherNackGenerator();
        Span<ushort> into = stackalloc ushort[32];
        nacks.OnPacket(0, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < 10_000; i++)
        {
            nacks.OnPacket((ushort)(i % 7 == 0 ? i + 1 : i), i);
            nacks.CollectDue(into, i);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
