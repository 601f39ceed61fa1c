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
}
