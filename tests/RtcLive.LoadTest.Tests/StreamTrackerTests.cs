using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Receive;

namespace RtcLive.LoadTest.Tests;

public sealed class StreamTrackerTests
{
    private static ProbeTrailer Video(uint frame, byte index = 0, byte count = 1, long sent = 0) => new(2, false, 0, index, count, frame, sent);

    private static int Feed(StreamTracker t, ushort seq, ProbeTrailer trailer, long now = 1000, bool rtx = false) =>
        t.OnPacket(seq, trailer, 100, rtx, now, new ushort[64]);

    [Fact]
    public void An_unbroken_stream_has_no_loss_and_records_delays()
    {
        var t = new StreamTracker(video: true);
        for (int i = 0; i < 100; i++) Feed(t, (ushort)(65500 + i), Video((uint)i, sent: 0), now: 2000);
        var c = t.Counters;
        Assert.Equal((100L, 100L, 0L, 0L), (c.Expected, c.Received, c.Lost, c.GapEvents));
        Assert.Equal(100, c.FramesCompleted);
        Assert.InRange(t.Delay.Percentile(0.5), 1970, 2000);
    }

    [Fact]
    public void A_gap_is_reported_for_nack_and_a_late_repair_counts_as_answered()
    {
        var t = new StreamTracker(video: true);
        var missing = new ushort[64];
        Feed(t, 10, Video(1, 0, 4));
        Assert.Equal(2, t.OnPacket(13, Video(1, 3, 4), 100, false, 1000, missing));
        Assert.Equal(new ushort[] { 11, 12 }, missing[..2]);
        Assert.Equal((4L, 2L, 2L, 1L, 2L), (t.Counters.Expected, t.Counters.Received, t.Counters.Lost, t.Counters.GapEvents, t.Counters.Nacked));
        Assert.Equal(0, t.Counters.FramesCompleted);

        Feed(t, 11, Video(1, 1, 4), rtx: true);
        Feed(t, 12, Video(1, 2, 4));
        var c = t.Counters;
        Assert.Equal((0L, 2L, 1L, 1L), (c.Lost, c.NackAnswered, c.Retransmissions, c.FramesCompleted));
        Assert.Equal(2, t.Delay.Count); // repaired packets are not counted as forwarding delay
    }

    [Fact]
    public void Duplicates_are_counted_apart_and_do_not_hide_loss()
    {
        var t = new StreamTracker(video: false);
        Feed(t, 1, Video(1));
        Feed(t, 1, Video(1));
        Feed(t, 3, Video(3));
        var c = t.Counters;
        Assert.Equal((3L, 2L, 1L, 1L, 3L), (c.Expected, c.Received, c.Duplicates, c.Lost, c.PacketsArrived));
    }

    [Fact]
    public void A_huge_jump_is_not_nacked()
    {
        var t = new StreamTracker(video: true);
        Feed(t, 0, Video(0));
        Assert.Equal(0, Feed(t, 20_000, Video(1)));
        Assert.Equal(1, t.Counters.GapEvents);
    }

    [Fact]
    public void Frames_complete_when_every_packet_arrives_in_any_order()
    {
        var f = new FrameAssembler();
        f.OnPacket(5, 1, 2);
        f.OnPacket(6, 0, 1);
        f.OnPacket(5, 0, 2);
        f.OnPacket(8, 0, 1);
        Assert.Equal(3, f.Completed);
        Assert.Equal(4, f.Started); // frames 5 to 8; 7 never came
    }
}
