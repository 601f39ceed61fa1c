using RtcLive.WebRtc.Rtp;

namespace RtcLive.WebRtc.Tests.Rtp;

public class SequenceNumberTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(0, 65535, true)]      // wraparound
    [InlineData(65535, 0, false)]
    [InlineData(5, 5, false)]
    [InlineData(32767, 0, true)]
    [InlineData(32769, 0, false)]     // more than half ahead is behind
    [InlineData(32768, 0, true)]      // exactly half: the higher raw value wins
    [InlineData(0, 32768, false)]
    public void IsNewer_compares_across_wraparound(int value, int previous, bool expected) =>
        Assert.Equal(expected, SequenceNumber.IsNewer((ushort)value, (ushort)previous));

    [Theory]
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    [InlineData(100, 90, -10)]
    [InlineData(10, 10, 0)]
    public void Distance_is_signed_and_short(int from, int to, int expected) =>
        Assert.Equal(expected, SequenceNumber.Distance((ushort)from, (ushort)to));

    [Fact]
    public void Add_wraps()
    {
        Assert.Equal(4, SequenceNumber.Add(65530, 10));
        Assert.Equal(65535, SequenceNumber.Add(0, -1));
    }

    [Fact]
    public void Unwrapper_counts_across_several_wraps()
    {
        var unwrapper = new SequenceUnwrapper();
        Assert.False(unwrapper.HasValue);
        long expected = 65000;
        Assert.Equal(expected, unwrapper.Unwrap(65000));
        for (int i = 0; i < 3 * 65536; i += 1000)
        {
            expected += 1000;
            Assert.Equal(expected, unwrapper.Unwrap((ushort)expected));
        }
        Assert.True(unwrapper.HasValue);
        Assert.True(unwrapper.Last > 3 * 65536);
    }

    [Fact]
    public void Unwrapper_places_reordered_and_duplicate_packets_around_the_wrap()
    {
        var unwrapper = new SequenceUnwrapper();
        Assert.Equal(65534, unwrapper.Unwrap(65534));
        Assert.Equal(65536, unwrapper.Unwrap(0));     // 65535 is still missing
        Assert.Equal(65535, unwrapper.Unwrap(65535)); // late, before the wrap
        Assert.Equal(65537, unwrapper.Unwrap(1));
        Assert.Equal(65537, unwrapper.Unwrap(1));     // duplicate
        Assert.Equal(65538, unwrapper.PeekUnwrap(2));
        Assert.Equal(65537, unwrapper.Last);          // peek did not move it
    }

    [Fact]
    public void Unwrapper_goes_below_the_first_value_for_packets_reordered_before_it()
    {
        var unwrapper = new SequenceUnwrapper();
        Assert.Equal(0, unwrapper.Unwrap(0));
        Assert.Equal(-1, unwrapper.Unwrap(65535));
    }
}
