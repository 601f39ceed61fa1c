using RtcLive.Sfu.Feedback;

namespace RtcLive.Sfu.Tests.Feedback;

public class SentPacketHistoryTests
{
    [Fact]
    public void Tells_what_each_report_changes()
    {
        var history = new SentPacketHistory();
        history.OnSent(10, 1_200, 1_000);
        history.OnSent(11, 800, 2_000);

        Assert.Equal(PacketFeedbackChange.Received, history.Acknowledge(10, true, out long sent, out int size));
        Assert.Equal((1_000L, 1_200), (sent, size));
        Assert.Equal(PacketFeedbackChange.Repeated, history.Acknowledge(10, true, out _, out _));
        Assert.Equal(PacketFeedbackChange.Repeated, history.Acknowledge(10, false, out _, out _)); // received stays received

        Assert.Equal(PacketFeedbackChange.Lost, history.Acknowledge(11, false, out _, out _));
        Assert.Equal(PacketFeedbackChange.Repeated, history.Acknowledge(11, false, out _, out _));
        Assert.Equal(PacketFeedbackChange.ReceivedAfterLoss, history.Acknowledge(11, true, out sent, out size));
        Assert.Equal((2_000L, 800), (sent, size));

        Assert.Equal(PacketFeedbackChange.Unknown, history.Acknowledge(12, true, out _, out _));
    }

    [Fact]
    public void Forgets_packets_older_than_the_window_and_overwritten_slots()
    {
        var history = new SentPacketHistory(capacity: 16, windowMicroseconds: 2_000_000);
        history.OnSent(1, 100, 0);
        history.OnSent(2, 100, 1_000_000);
        history.OnSent(3, 100, 2_500_000);
        Assert.Equal(PacketFeedbackChange.Unknown, history.Acknowledge(1, true, out _, out _)); // 2.5 s old
        Assert.Equal(PacketFeedbackChange.Received, history.Acknowledge(2, true, out _, out _));

        history.OnSent(19, 100, 2_600_000); // same slot as 3
        Assert.Equal(PacketFeedbackChange.Unknown, history.Acknowledge(3, true, out _, out _));
        Assert.Equal(PacketFeedbackChange.Received, history.Acknowledge(19, true, out _, out _));
    }

    [Fact]
    public void Wraps_with_the_allocator()
    {
        var allocator = new TransportSequenceAllocator(65_535);
        var history = new SentPacketHistory();
        ushort last = allocator.Next();
        ushort wrapped = allocator.Next();
        Assert.Equal((ushort)65_535, last);
        Assert.Equal((ushort)0, wrapped);
        Assert.Equal((ushort)1, allocator.Peek);
        history.OnSent(last, 100, 10);
        history.OnSent(wrapped, 200, 20);
        Assert.Equal(PacketFeedbackChange.Received, history.Acknowledge(0, true, out _, out int size));
        Assert.Equal(200, size);
        Assert.Equal(PacketFeedbackChange.Lost, history.Acknowledge(65_535, false, out _, out _));
    }

    [Fact]
    public void Starts_small_and_grows_to_hold_the_window_at_a_high_rate()
    {
        var history = new SentPacketHistory(capacity: 8_192, windowMicroseconds: 2_000_000, initialCapacity: 16);
        Assert.Equal(16, history.CurrentCapacity);
        // 3,000 packets/s for 3 s across the sequence wrap: every packet of the last 2 s must stay known.
        const int count = 9_000;
        const ushort first = 60_000;
        for (int i = 0; i < count; i++)
            history.OnSent((ushort)(first + i), 1_000 + i % 200, i * 333L);
        Assert.Equal(8_192, history.CurrentCapacity); // 6,000 in the window needs the next power of two
        long latest = (count - 1) * 333L;
        for (int i = count - 1; i >= 0 && i * 333L >= latest - 2_000_000; i--)
        {
            Assert.Equal(PacketFeedbackChange.Received, history.Acknowledge((ushort)(first + i), true, out long sent, out int size));
            Assert.Equal((i * 333L, 1_000 + i % 200), (sent, size));
        }
    }

    [Fact]
    public void Does_not_grow_while_the_overwritten_packets_are_outside_the_window()
    {
        var history = new SentPacketHistory(capacity: 8_192, windowMicroseconds: 2_000_000, initialCapacity: 256);
        for (int i = 0; i < 10_000; i++)
            history.OnSent((ushort)i, 1_200, i * 10_000L); // 100 packets/s: 200 in the window
        Assert.Equal(256, history.CurrentCapacity);
    }

    [Fact]
    public void Stops_growing_at_its_capacity_and_then_forgets_overwritten_slots()
    {
        var history = new SentPacketHistory(capacity: 64, windowMicroseconds: 2_000_000, initialCapacity: 16);
        for (int i = 0; i < 200; i++)
            history.OnSent((ushort)i, 100, i * 1_000L);
        Assert.Equal(64, history.CurrentCapacity);
        Assert.Equal(PacketFeedbackChange.Unknown, history.Acknowledge(135, true, out _, out _)); // overwritten by 199
        Assert.Equal(PacketFeedbackChange.Received, history.Acknowledge(136, true, out _, out _));
    }
}
